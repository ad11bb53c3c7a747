using System.Text.Json;
using System.Text.Json.Serialization;

namespace FreeTickets.Core.Results;

/// <summary>
/// <c>model.json</c> of a saved cell (<see cref="ModelExport"/>): what the cell is, how it was made and evaluated, and
/// what its members and ensemble scored on the test set. docs/models.md lists the fields.
/// </summary>
public sealed record ModelManifest
{
    private static readonly JsonSerializerOptions _json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary><see cref="ModelExport.Format"/>.</summary>
    public string Format { get; init; } = "";

    public string Matrix { get; init; } = "";

    public string CellId { get; init; } = "";

    public string Method { get; init; } = "";

    public string Architecture { get; init; } = "";

    public IReadOnlyList<long> InputShape { get; init; } = [];

    public int NumClasses { get; init; }

    public string Dataset { get; init; } = "";

    /// <summary>Per-channel mean and std applied to pixels on [0, 1]; null for a dataset without one.</summary>
    public ManifestNormalization? Normalization { get; init; }

    public double Sparsity { get; init; }

    public string Prune { get; init; } = "";

    public string Regrow { get; init; } = "";

    public long Seed { get; init; }

    public string ConfigHash { get; init; } = "";

    public string ToolVersion { get; init; } = "";

    [JsonPropertyName("torchsharp_version")]
    public string TorchSharpVersion { get; init; } = "";

    [JsonPropertyName("libtorch_version")]
    public string LibTorchVersion { get; init; } = "";

    public string Device { get; init; } = "";

    public int Threads { get; init; }

    /// <summary>How the cell was evaluated (so that <c>evaluate</c> repeats it exactly).</summary>
    public ManifestEvaluation Evaluation { get; init; } = new();

    /// <summary>The ensemble (mean of the members' softmax) on the test set.</summary>
    public ManifestMetrics EnsembleTest { get; init; } = new();

    public IReadOnlyList<ManifestMember> Members { get; init; } = [];

    /// <summary>Serializes the manifest.</summary>
    public void Write(Stream stream) => JsonSerializer.Serialize(stream, this, _json);

    /// <summary>Reads a manifest; a missing or malformed file is <see cref="BadInputException"/> naming it.</summary>
    public static ModelManifest Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException($"{path}: not found (a saved cell's folder holds the model.json that run --save-models writes)");
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), _json);
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"{path}: not a valid model.json ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }

        return manifest is null ? throw new BadInputException($"{path}: empty model.json")
            : manifest.Format != ModelExport.Format ? throw new BadInputException($"{path}: format: expected '{ModelExport.Format}' (got '{manifest.Format}')")
            : manifest.Members.Count == 0 ? throw new BadInputException($"{path}: members: expected at least one member")
            : manifest;
    }
}

/// <summary>Input normalisation of a saved cell.</summary>
public sealed record ManifestNormalization(IReadOnlyList<float> Mean, IReadOnlyList<float> Std);

/// <summary>Evaluation settings of a saved cell.</summary>
public sealed record ManifestEvaluation
{
    public int BatchSize { get; init; } = 1000;

    public int EceBins { get; init; } = 15;

    public string Disagreement { get; init; } = Metrics.DisagreementDefinitions.Pairs;
}

/// <summary>Test metrics.</summary>
public sealed record ManifestMetrics
{
    public double Accuracy { get; init; } = double.NaN;

    public double Nll { get; init; } = double.NaN;

    public double Ece { get; init; } = double.NaN;
}

/// <summary>One saved member.</summary>
public sealed record ManifestMember
{
    public int Member { get; init; }

    public string File { get; init; } = "";

    public long MemberSeed { get; init; }

    public int SelectedEpoch { get; init; }

    public double Density { get; init; }

    public IReadOnlyDictionary<string, double> LayerDensity { get; init; } = new Dictionary<string, double>();

    public ManifestMetrics Test { get; init; } = new();
}
