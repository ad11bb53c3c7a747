using System.Text;
using FreeTickets.Core.Results;

namespace FreeTickets.Cli.Tests.Commands;

/// <summary>
/// A corpus of broken configs (syntax, encoding, shape, types, ranges, huge numbers, typos, unknown plugins, path tricks
/// in names, plugin folders, odd --config and --matrix values) through <c>run</c>, <c>validate</c>, <c>flops</c> and
/// <c>check</c>: each exits 2 for the reason the case is about, with at most three lines on standard error, no stack
/// frame, and writes nothing anywhere under the corpus root, which holds the working folder three levels down, the
/// temporary folder, and every folder a name with <c>..</c> could reach from <c>results/</c>.
/// </summary>
public sealed class BrokenConfigCorpusTests : IDisposable
{
    private const string ConfigName = "benchmarks.json";
    private static readonly string[] _allCommands = ["run", "validate", "flops", "check"];
    private static readonly string[] _matrixCommands = ["run", "flops", "check"];

    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-corpus-").FullName;

    /// <summary>A broken config: the file's bytes (null: <see cref="Path"/> is used as --config as it is), what the error must say.</summary>
    private sealed record BrokenCase(string Name, byte[]? Bytes, string Expected, string[] Commands, string[] Extra)
    {
        public string Path { get; init; } = ConfigName;

        /// <summary>Creates a folder at <see cref="Path"/> instead of a file.</summary>
        public bool IsFolder { get; init; }
    }

    private static readonly Dictionary<string, BrokenCase> _cases = Corpus().ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static TheoryData<string> Cases => [.. _cases.Keys];

    /// <summary>The valid config every case breaks: one matrix <c>m</c> with a dense and a sparse method.</summary>
    private static string Valid(string matrixExtra = "", string rootExtra = "", string name = "m") => $$"""
        {
          {{rootExtra}}
          "matrices": {
            "{{name}}": {
              {{matrixExtra}}
              "datasets": ["synthetic"], "architectures": ["mlp-300-100"], "methods": ["dense", "dst-ensemble"],
              "sparsities": [0.8], "seeds": [1],
              "training": { "epochs": 1 }, "ensemble": { "members": 1 }
            }
          }
        }
        """;

    private static IEnumerable<BrokenCase> Corpus()
    {
        BrokenCase Text(string name, string json, string expected, params string[] extra) =>
            new(name, Encoding.UTF8.GetBytes(json), expected, _allCommands, extra);
        BrokenCase Bytes(string name, byte[] bytes, string expected) => new(name, bytes, expected, _allCommands, []);
        BrokenCase Matrix(string name, string extra, string expected) => Text(name, Valid(extra), expected);
        BrokenCase Named(string name, string matrixName, string expected) => Text(name, Valid(name: matrixName), expected);
        BrokenCase Training(string name, string field, string expected) =>
            Text(name, Valid().Replace("\"epochs\": 1", "\"epochs\": 1, " + field, StringComparison.Ordinal), expected);
        BrokenCase Option(string name, string[] args, string expected) => new(name, Encoding.UTF8.GetBytes(Valid()), expected, _matrixCommands, args);
        var valid = Valid();

        // Syntax.
        yield return Text("empty file", "", "expected a JSON object at the top level (got an empty file)");
        yield return Text("whitespace only", " \n\t\r\n", "(got an empty file)");
        yield return Text("comment only", "// nothing here\n", "invalid JSON at line");
        yield return Text("truncated", valid[..(valid.Length / 2)], "invalid JSON at line");
        yield return Text("trailing garbage", valid + " }", "invalid JSON at line");
        yield return Text("single quotes", "{ 'matrices': {} }", "invalid JSON at line 1, column 3");
        yield return Matrix("NaN literal", "\"training\": { \"learningRate\": NaN },", "invalid JSON at line");
        yield return Matrix("Infinity literal", "\"training\": { \"learningRate\": -Infinity },", "invalid JSON at line");
        yield return Matrix("hex number", "\"seeds\": [0x10],", "invalid JSON at line");
        yield return Text("raw newline in a string", Valid(name: "a\nb"), "invalid JSON at line");
        yield return Text("duplicate root key", "{ \"matrices\": {},\n \"matrices\": {} }", "key 'matrices' is written twice");
        yield return Matrix("duplicate key in a section", "\"sparse\": { \"prune\": \"set\", \"prune\": \"random\" },", "key 'prune' is written twice in matrices.m.sparse");
        yield return Text("deeply nested arrays", "{ \"matrices\": " + new string('[', 5000) + new string(']', 5000) + " }", "maximum configured depth");
        yield return Matrix("deeply nested junk under a key", "\"junk\": " + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200) + ",", "maximum configured depth");

        // Encoding.
        yield return Bytes("UTF-8 byte order mark before broken JSON", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{ \"matrices\": [ }")], "invalid JSON at line 1");
        yield return Bytes("UTF-16 with byte order mark", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(valid)], "expected UTF-8 text at line 1, column 1 (got byte 0xFF)");
        yield return Bytes("Latin-1 byte in a name", Encoding.Latin1.GetBytes(Valid(name: "caf\u00e9")), "expected UTF-8 text at line 4, column 9 (got byte 0xE9)");
        yield return Bytes("truncated UTF-8 sequence at the end", [.. Encoding.UTF8.GetBytes(valid), 0xE2, 0x82], "expected UTF-8 text");
        yield return Bytes("NUL byte", [.. Encoding.UTF8.GetBytes("{ \"matrices\": "), 0, .. Encoding.UTF8.GetBytes("{} }")], "invalid JSON at line 1");
        yield return Bytes("binary junk", [.. Enumerable.Range(0, 512).Select(i => (byte)((i * 131) + 7))], "expected UTF-8 text");

        // Shape.
        yield return Text("array at the root", "[ " + valid + " ]", "expected a JSON object at the top level (got [");
        yield return Text("null at the root", "null", "expected a JSON object at the top level (got null)");
        yield return Text("string at the root", "\"benchmarks\"", "expected a JSON object at the top level (got \"benchmarks\")");
        yield return Text("number at the root", "42", "expected a JSON object at the top level (got 42)");
        yield return Text("no matrices", "{}", "matrices: expected an object of named matrices (got null)");
        yield return Text("matrices null", "{ \"matrices\": null }", "matrices: expected an object of named matrices (got null)");
        yield return Text("matrices empty", "{ \"matrices\": {} }", "matrices: expected at least one matrix (got {})");
        yield return Text("matrices a list", "{ \"matrices\": [] }", "matrices: expected an object of named matrices (got [])");
        yield return Text("defaults null", Valid(rootExtra: "\"defaults\": null,"), "defaults: expected an object of sections (got null)");
        yield return Text("defaults a list", Valid(rootExtra: "\"defaults\": [],"), "defaults: expected an object of sections (got [])");
        yield return Matrix("section null", "\"sparse\": null,", "matrices.m.sparse: expected an object (got null)");
        yield return Matrix("overrides null", "\"overrides\": null,", "matrices.m.overrides: expected an object of per-method sections (got null)");
        yield return Matrix("override of a method null", "\"overrides\": { \"dense\": null },", "matrices.m.overrides.dense: expected an object of sections (got null)");
        yield return Matrix("description null", "\"description\": null,", "matrices.m.description: expected a string (got null)");

        // Types.
        yield return Text("epochs a string", valid.Replace("\"epochs\": 1", "\"epochs\": \"1\"", StringComparison.Ordinal), "matrices.m.training.epochs: expected a whole number (got \"1\")");
        yield return Text("epochs a fraction", valid.Replace("\"epochs\": 1", "\"epochs\": 1.5", StringComparison.Ordinal), "matrices.m.training.epochs: expected a whole number (got 1.5)");
        yield return Text("epochs a boolean", valid.Replace("\"epochs\": 1", "\"epochs\": true", StringComparison.Ordinal), "matrices.m.training.epochs: expected a whole number (got true)");
        yield return Text("epochs null", valid.Replace("\"epochs\": 1", "\"epochs\": null", StringComparison.Ordinal), "matrices.m.training.epochs: expected a whole number (got null)");
        yield return Text("seeds a string", valid.Replace("\"seeds\": [1]", "\"seeds\": \"1\"", StringComparison.Ordinal), "matrices.m.seeds: expected a list of whole numbers (got \"1\")");
        yield return Text("seeds null", valid.Replace("\"seeds\": [1]", "\"seeds\": null", StringComparison.Ordinal), "matrices.m.seeds: expected a non-empty list (got null)");
        yield return Text("datasets a string", valid.Replace("[\"synthetic\"]", "\"synthetic\"", StringComparison.Ordinal), "matrices.m.datasets: expected a list of strings (got \"synthetic\")");
        yield return Text("datasets with null", valid.Replace("[\"synthetic\"]", "[null]", StringComparison.Ordinal), "matrices.m.datasets: expected a list of strings (got [null])");
        yield return Text("sparsities as strings", valid.Replace("[0.8]", "[\"0.8\"]", StringComparison.Ordinal), "matrices.m.sparsities: expected a list of numbers (got [\"0.8\"])");
        yield return Matrix("drop fraction \"NaN\"", "\"sparse\": { \"dropFraction\": \"NaN\" },", "matrices.m.sparse.dropFraction: expected a number (got \"NaN\")");
        yield return Matrix("learning rate \"Infinity\"", "\"overrides\": { \"dense\": { \"training\": { \"learningRate\": \"Infinity\" } } },", "matrices.m.overrides.dense.training.learningRate: expected a number (got \"Infinity\")");
        yield return Matrix("ood list with null", "\"evaluation\": { \"ood\": [null] },", "matrices.m.evaluation.ood: expected a list of strings (got [null])");
        yield return Text("plugin paths a string", Valid(rootExtra: "\"pluginPaths\": \"plugs\","), "pluginPaths: expected a list of strings (got \"plugs\")");
        yield return Text("plugin paths null", Valid(rootExtra: "\"pluginPaths\": null,"), "pluginPaths: expected a list of strings (got null)");

        // Ranges and huge numbers.
        yield return Text("epochs 0", valid.Replace("\"epochs\": 1", "\"epochs\": 0", StringComparison.Ordinal), "matrices.m.training.epochs: must be at least 1 (got 0)");
        yield return Text("epochs int.MaxValue", valid.Replace("\"epochs\": 1", "\"epochs\": 2147483647", StringComparison.Ordinal), "matrices.m.training.epochs: must be at most 100000 (got 2147483647)");
        yield return Text("epochs 1e400", valid.Replace("\"epochs\": 1", "\"epochs\": 1e400", StringComparison.Ordinal), "matrices.m.training.epochs: expected a whole number (got 1e400)");
        yield return Text("epochs past long", valid.Replace("\"epochs\": 1", "\"epochs\": 99999999999999999999999", StringComparison.Ordinal), "expected a whole number (got 99999999999999999999999)");
        yield return Training("learning rate 1e999", "\"learningRate\": 1e999", "matrices.m.training.learningRate: expected a number (got 1e999)");
        yield return Training("weight decay -1e999", "\"weightDecay\": -1e999", "matrices.m.training.weightDecay: expected a number (got -1e999)");
        yield return Training("learning rate negative", "\"learningRate\": -0.1", "matrices.m.training.learningRate: must be positive (got -0.1)");
        yield return Text("sparsity 1e999", valid.Replace("[0.8]", "[1e999]", StringComparison.Ordinal), "matrices.m.sparsities: expected a list of numbers (got [1e999])");
        yield return Text("sparsity 1", valid.Replace("[0.8]", "[1]", StringComparison.Ordinal), "matrices.m.sparsities[0]: sparsity must be in (0, 1) (got 1)");
        yield return Text("seed 1e30", valid.Replace("\"seeds\": [1]", "\"seeds\": [1e30]", StringComparison.Ordinal), "matrices.m.seeds: expected a list of whole numbers (got [1e30])");
        yield return Text("members int.MaxValue", valid.Replace("\"members\": 1", "\"members\": 2147483647", StringComparison.Ordinal), "matrices.m.ensemble.members: must be at most 1000 (got 2147483647)");
        yield return Matrix("ECE bins int.MaxValue", "\"evaluation\": { \"eceBins\": 2147483647 },", "matrices.m.evaluation.eceBins: must be at most 10000 (got 2147483647)");
        yield return Matrix("severity 0", "\"evaluation\": { \"corruptions\": [\"gaussian-noise\"], \"severities\": [0] },", "matrices.m.evaluation.severities: must be distinct whole numbers in 1..5");

        // Typos.
        yield return Text("root key typo", Valid(rootExtra: "\"matrixes\": {},"), "matrixes: unknown key 'matrixes'");
        yield return Matrix("section typo", "\"trainig\": { \"epochs\": 1 },", "matrices.m.trainig: unknown key 'trainig'");
        yield return Text("field typo", valid.Replace("\"epochs\": 1", "\"epoch\": 1", StringComparison.Ordinal), "matrices.m.training.epoch: unknown key 'epoch'");
        yield return Text("method typo", valid.Replace("\"dst-ensemble\"]", "\"dst\"]", StringComparison.Ordinal), "matrices.m.methods: unknown method 'dst'");
        yield return Matrix("override method typo", "\"overrides\": { \"dense-ensembel\": {} },", "matrices.m.overrides.dense-ensembel: unknown method 'dense-ensembel'");
        yield return Matrix("distribution typo", "\"sparse\": { \"distribution\": \"erdos\" },", "matrices.m.sparse.distribution: unknown distribution 'erdos'");

        // Unknown plugins (found by validate's catalog, and by run, flops and check before anything is written).
        yield return Text("unknown dataset", valid.Replace("[\"synthetic\"]", "[\"cifar-11\"]", StringComparison.Ordinal), "unknown dataset 'cifar-11'");
        yield return Text("unknown architecture", valid.Replace("[\"mlp-300-100\"]", "[\"mlp-300\"]", StringComparison.Ordinal), "unknown architecture 'mlp-300'");
        yield return Matrix("unknown pruning criterion", "\"sparse\": { \"prune\": \"magnitud\" },", "unknown pruning criterion 'magnitud'");
        yield return Matrix("unknown OoD dataset", "\"evaluation\": { \"ood\": [\"mnistt\"] },", "unknown dataset 'mnistt'");
        yield return Matrix("unknown regrowth rule in the axis", "\"regrows\": [\"gradient\", \"rigl\"],", "unknown regrowth rule 'rigl'");

        // Path tricks in names.
        yield return Named("matrix ../../escaped", "../../escaped", "matrices.../../escaped: matrix name must match [a-z0-9][a-z0-9._-]* (got '../../escaped')");
        yield return Named("matrix ..", "..", "matrices...: matrix name must match [a-z0-9][a-z0-9._-]* (got '..')");
        yield return Named("matrix .hidden", ".hidden", "matrix name must match [a-z0-9][a-z0-9._-]* (got '.hidden')");
        yield return Named("matrix absolute", "/tmp/escaped", "matrix name must match [a-z0-9][a-z0-9._-]* (got '/tmp/escaped')");
        yield return Named("matrix with a slash", "a/b", "matrix name must match [a-z0-9][a-z0-9._-]* (got 'a/b')");
        yield return Named("matrix with a backslash", "a\\\\..\\\\..\\\\b", "matrix name must match [a-z0-9][a-z0-9._-]* (got 'a\\..\\..\\b')");
        yield return Named("matrix empty", "", "matrix name must match [a-z0-9][a-z0-9._-]* (got '')");
        yield return Named("matrix uppercase", "CI", "matrix name must match [a-z0-9][a-z0-9._-]* (got 'CI')");
        yield return Named("matrix with a space", "my matrix", "(got 'my matrix')");
        yield return Named("matrix with a NUL", "a\\u0000b", "(got 'a\\u0000b')");
        yield return Named("matrix with an escaped newline", "a\\nb", "(got 'a\\u000ab')");
        yield return Named("matrix with a trailing newline", "ci\\n", "(got 'ci\\u000a')");
        yield return Named("matrix with a right-to-left mark", "ci\\u202e", "(got 'ci\\u202e')");
        yield return Named("matrix non-ASCII", "caf\u00e9", "(got 'caf\u00e9')");
        yield return Named("matrix too long", new string('a', 300), "matrix name must be at most 64 characters (got 300: 'aaaa");
        yield return Text("dataset ../x", valid.Replace("[\"synthetic\"]", "[\"../synthetic\"]", StringComparison.Ordinal), "matrices.m.datasets[0]: dataset name must match [a-z0-9][a-z0-9._-]* (got '../synthetic')");
        yield return Text("architecture with a slash", valid.Replace("[\"mlp-300-100\"]", "[\"x/../mlp-300-100\"]", StringComparison.Ordinal), "matrices.m.architectures[0]: architecture name must match");
        yield return Matrix("prune axis ../p", "\"prunes\": [\"magnitude\", \"../p\"],", "matrices.m.prunes[1]: pruning criterion name must match [a-z0-9][a-z0-9._-]* (got '../p')");
        yield return Matrix("regrow setting ../r in an ablation", "\"prunes\": [\"magnitude\"], \"sparse\": { \"regrow\": \"../../r\" },", "matrices.m.sparse.regrow: regrowth rule name must match [a-z0-9][a-z0-9._-]* (got '../../r')");
        yield return Matrix("ood dataset ../o", "\"evaluation\": { \"ood\": [\"../o\"] },", "matrices.m.evaluation.ood: dataset name must match [a-z0-9][a-z0-9._-]* (got '../o')");

        // Plugin folders (relative to the config file's folder).
        yield return Text("plugin folder missing", Valid(rootExtra: "\"pluginPaths\": [\"plugs\"],"), "pluginPaths[0]: folder does not exist (got 'plugs')");
        yield return Text("plugin folder above, missing", Valid(rootExtra: "\"pluginPaths\": [\"../nowhere\"],"), "pluginPaths[0]: folder does not exist (got '../nowhere')");
        yield return Text("plugin folder empty string", Valid(rootExtra: "\"pluginPaths\": [\"\"],"), "pluginPaths[0]: expected a folder (got '')");
        yield return Text("plugin folder with NUL", Valid(rootExtra: "\"pluginPaths\": [\"a\\u0000b\"],"), "pluginPaths[0]: not a valid path (got 'a\\u0000b')");
        yield return Text("plugin folder is a file", Valid(rootExtra: $"\"pluginPaths\": [\"{ConfigName}\"],"), $"pluginPaths[0]: expected a folder, not a file (got '{ConfigName}')");

        // The config file itself.
        yield return new BrokenCase("config is a folder", null, "expected a config file (got a folder)", _allCommands, []) { Path = "folder.json", IsFolder = true };
        yield return new BrokenCase("config missing", null, "config file not found", _allCommands, []) { Path = "missing.json" };
        yield return new BrokenCase("config path with NUL", null, "not a valid path", _allCommands, []) { Path = "a\0b.json" };

        // --matrix on the command line (the config is valid).
        yield return Option("--matrix ../../escaped", ["--matrix", "../../escaped"], "--matrix: matrix name must match [a-z0-9][a-z0-9._-]* (got '../../escaped')");
        yield return Option("--matrix ..", ["--matrix", ".."], "--matrix: matrix name must match [a-z0-9][a-z0-9._-]* (got '..')");
        yield return Option("--matrix absolute", ["--matrix", "/tmp"], "--matrix: matrix name must match [a-z0-9][a-z0-9._-]* (got '/tmp')");
        yield return Option("--matrix empty", ["--matrix", ""], "--matrix: matrix name must match [a-z0-9][a-z0-9._-]* (got '')");
        yield return Option("--matrix unknown", ["--matrix", "nope"], "no matrix named 'nope'; available: m");
    }

    [Fact]
    public void Should_hold_at_least_forty_cases_each_through_run_flops_and_check()
    {
        Assert.True(_cases.Count >= 40, $"{_cases.Count} cases");
        Assert.All(_cases.Values, c => Assert.Subset(c.Commands.ToHashSet(), _matrixCommands.ToHashSet()));
        Assert.True(_cases.Values.Count(c => c.Commands.Contains("validate")) >= 40);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("flops")]
    public async Task Should_accept_the_config_the_corpus_breaks(string command)
    {
        // Every case breaks this config in one place: were it invalid itself, each case would pass for the wrong reason.
        WriteConfig(Encoding.UTF8.GetBytes(Valid()), ConfigName, isFolder: false);

        var result = await RunInCorpus(command, ConfigName, []);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Should_exit_2_with_a_short_error_and_write_nothing_When_the_config_is_broken(string name)
    {
        var c = _cases[name];
        WriteConfig(c.Bytes, c.Path, c.IsFolder);

        foreach (var command in c.Commands)
        {
            var result = await RunInCorpus(command, c.Path, c.Extra);

            var what = $"{command}: {result}";
            Assert.True(result.ExitCode == 2, what);
            Assert.True(result.ErrorLines.Length is >= 1 and <= 3, what);
            Assert.True(result.Error.StartsWith("error: ", StringComparison.Ordinal), what);
            Assert.False((result.Error + result.Output).Contains("   at ", StringComparison.Ordinal), what);
            Assert.False(result.Error.Contains("internal error", StringComparison.Ordinal), what);

            // validate prints the errors on standard output and their count on standard error.
            Assert.True((result.Error + result.Output).Contains(c.Expected, StringComparison.Ordinal), $"expected '{c.Expected}' from {what}");
        }
    }

    private string Work => Path.Combine(_root, "a", "b", "work");

    /// <summary>Lays out the corpus root: the working folder with the config, the temporary folder, committed results for check.</summary>
    private void WriteConfig(byte[]? bytes, string configPath, bool isFolder)
    {
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(Path.Combine(_root, "tmp"));
        ResultTables.WriteAll(Path.Combine(_root, "committed"), []);
        if (isFolder)
        {
            Directory.CreateDirectory(Path.Combine(Work, configPath));
        }
        else if (bytes is not null)
        {
            File.WriteAllBytes(Path.Combine(Work, configPath), bytes);
        }
    }

    /// <summary>
    /// Runs one command in-process from <c>root/a/b/work</c> (the working folder, holding the config) with the temporary
    /// folder at <c>root/tmp</c>, and proves that nothing under root changed: <c>results/../../../x</c> still lands in root.
    /// </summary>
    private async Task<CliResult> RunInCorpus(string command, string configPath, string[] extra)
    {
        var committed = Path.Combine(_root, "committed");
        string[] args = command switch
        {
            "validate" => ["validate", "--config", configPath],
            "flops" => ["flops", "--config", configPath, "--matrix", "m", "--threads", "1"],
            "check" => ["check", "--config", configPath, "--matrix", "m", "--threads", "1", "--against", committed],
            _ => ["run", "--config", configPath, "--matrix", "m", "--threads", "1", "--device", "cpu", "--quiet"],
        };
        var before = Snapshot();
        var (directory, tmpdir) = (Environment.CurrentDirectory, Environment.GetEnvironmentVariable("TMPDIR"));
        CliResult result;
        try
        {
            // Tests in this assembly run one at a time, so the working folder and TMPDIR can be the corpus's for the call.
            Environment.CurrentDirectory = Work;
            Environment.SetEnvironmentVariable("TMPDIR", Path.Combine(_root, "tmp"));
            result = await CliHarness.RunAsync([.. args, .. CliHarness.PluginArgs, .. extra]);
        }
        finally
        {
            Environment.CurrentDirectory = directory;
            Environment.SetEnvironmentVariable("TMPDIR", tmpdir);
        }

        var after = Snapshot();
        Assert.True(before.SetEquals(after),
            $"files changed under {_root}: added {string.Join(", ", after.Except(before))}; removed {string.Join(", ", before.Except(after))}\n{result}");
        return result;
    }

    /// <summary>Every file and folder under the corpus root, with the size and modification time of files.</summary>
    private HashSet<string> Snapshot() =>
    [
        .. new DirectoryInfo(_root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(i => $"{Path.GetRelativePath(_root, i.FullName)} {(i is FileInfo f ? $"{f.Length} {f.LastWriteTimeUtc.Ticks}" : "dir")}"),
    ];

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
