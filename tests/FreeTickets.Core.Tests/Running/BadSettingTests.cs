using FreeTickets.Core.Running;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Running;

/// <summary>
/// The engine names a wrong run setting by its kind, never by a command-line option: the host words it (the CLI's
/// BadInputTests check the option names the user sees).
/// </summary>
public sealed class BadSettingTests
{
    [Fact]
    public void Should_name_the_threads_setting_and_let_the_host_rename_it_When_fewer_than_one_thread_is_asked()
    {
        var ex = Assert.Throws<BadSettingException>(() => TorchRuntime.Initialize(0));

        Assert.Equal(RunSetting.Threads, ex.Setting);
        Assert.Equal("threads: must be at least 1 (got 0)", ex.Message);
        Assert.Equal("--threads: must be at least 1 (got 0)", ex.MessageFor("--threads"));
    }

    [Fact]
    public void Should_name_the_device_setting_and_let_the_host_rename_it_When_the_device_is_unknown()
    {
        var ex = Assert.Throws<BadSettingException>(() => TorchRuntime.SelectDevice("tpu"));

        Assert.Equal(RunSetting.Device, ex.Setting);
        Assert.Equal("device: expected auto, cpu, cuda or cuda:N (got 'tpu')", ex.Message);
        Assert.Equal("--device: expected auto, cpu, cuda or cuda:N (got 'tpu')", ex.MessageFor("--device"));
    }

    [Fact]
    public void Should_use_the_hosts_name_in_the_hint_too_When_cuda_is_asked_for_without_a_usable_device()
    {
        // cuda:99 fails on every machine: no CUDA device at all, or fewer than 100.
        var ex = Assert.Throws<BadSettingException>(() => TorchRuntime.SelectDevice("cuda:99"));

        Assert.Equal(RunSetting.Device, ex.Setting);
        Assert.StartsWith("--device: ", ex.MessageFor("--device"), StringComparison.Ordinal);
        if (!cuda.is_available())
        {
            Assert.EndsWith("; use --device cpu (got 'cuda:99')", ex.MessageFor("--device"), StringComparison.Ordinal);
            Assert.EndsWith("; use device cpu (got 'cuda:99')", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_name_the_shard_setting_When_a_shard_index_is_not_below_the_count()
    {
        var ex = Assert.Throws<BadSettingException>(() => Shards.Select([], 3, 2));

        Assert.Equal(RunSetting.Shard, ex.Setting);
        Assert.Equal("shard: expected i/n with 0 <= i < n (got 3/2)", ex.Message);
        Assert.Equal("--shard: expected i/n with 0 <= i < n (got 3/2)", ex.MessageFor("--shard"));
    }

    [Fact]
    public void Should_be_bad_input_When_a_host_catches_only_bad_input()
    {
        // Hosts (the CLI's exit code 2, check's clean-up of its temporary folder) catch BadInputException.
        Assert.IsAssignableFrom<BadInputException>(Assert.Throws<BadSettingException>(() => TorchRuntime.Initialize(-1)));
    }
}
