using FreeTickets.Cli.Reporting;
using FreeTickets.Core.Results;

namespace FreeTickets.Cli.Tests.Reporting;

public sealed class LeaderboardMarkdownTests
{
    private static LeaderboardRow Row(string method, double sparsity, double accuracy, double nll, int ok = 2) => new()
    {
        Method = method,
        Sparsity = sparsity,
        Members = method == "dense" ? 1 : 3,
        Seeds = 2,
        Ok = ok,
        Failed = 2 - ok,
        AccuracyMean = accuracy,
        AccuracyStd = 0.001,
        NllMean = nll,
        NllStd = 0.002,
        DisagreementMean = method == "dense" ? double.NaN : 0.01,
        DisagreementStd = double.NaN,
        PairwiseKlMean = double.NaN,
        TrainFlopsRelDense = 1,
        InferenceFlopsRelDense = 1,
        Params = 1000,
    };

    [Fact]
    public void Should_bold_the_best_mean_per_column_in_the_direction_of_its_arrow_When_writing_the_table()
    {
        var table = LeaderboardMarkdown.Write([Row("dense", 0, 0.98, 0.06), Row("edst-ensemble", 0.8, 0.985, 0.05)]);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("Accuracy (%) ↑", lines[0]);
        Assert.Contains("NLL ↓", lines[0]);
        Assert.StartsWith("| dense | 0 | 1 | 2/2 | 98.00 ± 0.10 | 0.0600 ± 0.0020 |", lines[2]);
        Assert.StartsWith("| edst-ensemble | 0.8 | 3 | 2/2 | **98.50** ± 0.10 | **0.0500** ± 0.0020 |", lines[3]);
    }

    [Fact]
    public void Should_show_a_dash_and_the_failures_When_a_value_is_missing_or_no_seed_finished()
    {
        var table = LeaderboardMarkdown.Write([Row("dense", 0, 0.98, 0.06), Row("dst-ensemble", 0.9, double.NaN, double.NaN, ok: 0)]);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("| – |", lines[2]); // dense has no disagreement
        Assert.StartsWith("| dst-ensemble | 0.9 | 3 | 0/2 (2 failed) | – | – |", lines[3]);
        Assert.DoesNotContain("**", lines[2]); // a column with one value has no best
    }

    [Fact]
    public void Should_bold_every_tie_at_display_precision_When_means_round_alike()
    {
        var table = LeaderboardMarkdown.Write([Row("dense", 0, 0.98001, 0.06), Row("dense-ensemble", 0, 0.98002, 0.06)]);

        Assert.Equal(2, table.Split("**98.00**").Length - 1);
    }

    [Fact]
    public void Should_name_the_execution_and_show_the_measured_times_When_a_row_ran_sparse()
    {
        var masked = Row("dst-ensemble", 0.8, 0.985, 0.05) with { TrainTimeRelDense = 1.1, InferMsB128Mean = 2.5 };
        var table = LeaderboardMarkdown.Write([Row("dense", 0, 0.98, 0.06), masked, masked with { Execution = "sparse", TrainTimeRelDense = 0.4 }]);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.EndsWith("| Wall time (s) | Train time (× dense) | Inference (ms / 128) |", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("| dst-ensemble | 0.8 |", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("| dst-ensemble [sparse] | 0.8 |", lines[4], StringComparison.Ordinal);
        Assert.EndsWith("| 0.400 | 2.5 |", lines[4], StringComparison.Ordinal);
        Assert.EndsWith("| – | – |", lines[2], StringComparison.Ordinal); // dense: no measured times here
    }

    [Fact]
    public void Should_keep_the_columns_of_older_reports_When_no_row_has_measured_times()
    {
        var table = LeaderboardMarkdown.Write([Row("dense", 0, 0.98, 0.06), Row("edst-ensemble", 0.8, 0.985, 0.05)]);

        Assert.DoesNotContain("Train time", table);
        Assert.DoesNotContain("Inference (ms", table);
        Assert.DoesNotContain("[", table);
    }
}
