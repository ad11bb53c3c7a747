using System.IO.Compression;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>
/// Stand-ins for the programs the dataset fetchers run (apt-get, dpkg-deb, npm): each a function of its arguments and
/// working directory that writes what the real one would; every call is recorded as "program arg arg ...". Plugged into
/// a plugin through that plugin's own IProcessRunner (see <see cref="FakeProcessRunner"/>).
/// </summary>
internal sealed class FakePrograms
{
    private readonly Dictionary<string, Func<IReadOnlyList<string>, string, (int ExitCode, string StandardError)>> _programs = new(StringComparer.Ordinal);
    private readonly List<string> _calls = [];

    /// <summary>Every call so far, in order.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Installs <paramref name="name"/>.</summary>
    public FakePrograms With(string name, Func<IReadOnlyList<string>, string, (int ExitCode, string StandardError)> run)
    {
        _programs[name] = run;
        return this;
    }

    /// <summary>
    /// apt-get and dpkg-deb as Debian has them, with one package: <c>apt-get download PACKAGE</c> writes
    /// <c>PACKAGE_1.0_all.deb</c> in its working directory and <c>dpkg-deb -x DEB DIR</c> unpacks <paramref name="files"/>
    /// (path in the package, relative to /) into DIR. Any other package is "Unable to locate" (exit 100).
    /// </summary>
    public FakePrograms WithDebianPackage(string package, IReadOnlyDictionary<string, byte[]> files) =>
        With("apt-get", (args, dir) =>
        {
            if (args[0] != "download" || args[^1] != package)
            {
                return (100, $"W: some warning\nE: Unable to locate package {args[^1]}\n");
            }

            File.WriteAllBytes(Path.Combine(dir, $"{package}_1.0_all.deb"), [0x21, 0x3c, 0x61, 0x72, 0x63, 0x68, 0x3e]);
            return (0, "W: Download is performed unsandboxed as root\n");
        })
        .With("dpkg-deb", (args, _) =>
        {
            if (args[0] != "-x" || !File.Exists(args[1]) || Path.GetFileName(args[1]) != $"{package}_1.0_all.deb")
            {
                return (2, $"dpkg-deb: error: failed to read archive '{args[1]}'\n");
            }

            foreach (var (path, bytes) in files)
            {
                var target = Path.Combine(args[2], path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, bytes);
            }

            return (0, string.Empty);
        });

    public string? Find(string program) => _programs.ContainsKey(program) ? "/fake/bin/" + program : null;

    public (int ExitCode, string StandardError) Run(string path, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var name = Path.GetFileName(path);
        lock (_calls)
        {
            _calls.Add(string.Join(' ', arguments.Prepend(name)));
        }

        return _programs[name](arguments, workingDirectory);
    }

    /// <summary>gzip-compressed <paramref name="bytes"/>.</summary>
    public static byte[] Gzip(byte[] bytes)
    {
        using var stream = new MemoryStream();
        using (var gz = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(bytes);
        }

        return stream.ToArray();
    }
}
