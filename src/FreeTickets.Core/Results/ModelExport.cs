using System.Globalization;
using FreeTickets.Abstractions;
using FreeTickets.Core.Config;
using static TorchSharp.torch;

namespace FreeTickets.Core.Results;

/// <summary>
/// Trained members leaving the tool (<c>run --save-models</c>): under <c>&lt;results&gt;/models/&lt;cell id&gt;/</c>, one
/// <c>member-&lt;i&gt;.safetensors</c> per member or EDST ticket (the reported checkpoint's state_dict under the module's own
/// names, and each sparse weight's mask as a bool tensor named <c>&lt;weight&gt;_mask</c>, as torch.nn.utils.prune names
/// it), written when the member is evaluated; and <c>model.json</c>, written once the cell's record is stored, which
/// describes the cell and marks its export complete. See docs/models.md.
/// </summary>
public sealed class ModelExport(string resultsDir)
{
    /// <summary>The folder under the results folder.</summary>
    public const string FolderName = "models";

    /// <summary>Name of a cell's description file.</summary>
    public const string ManifestName = "model.json";

    /// <summary>Format tag of <see cref="ManifestName"/>.</summary>
    public const string Format = "freetickets-bench-models/1";

    /// <summary>Suffix of a mask's name after its weight's.</summary>
    public const string MaskSuffix = "_mask";

    /// <summary>The folder of a cell's models.</summary>
    public string CellFolder(string cellId) => Path.Combine(resultsDir, FolderName, cellId);

    /// <summary>A member's file.</summary>
    public string MemberFile(string cellId, int member) => Path.Combine(CellFolder(cellId), MemberFileName(member));

    /// <summary>Whether the cell's export is complete for this configuration (its model.json names the config hash).</summary>
    public bool IsComplete(CellSpec cell)
    {
        var path = Path.Combine(CellFolder(cell.Id), ManifestName);
        try
        {
            return File.Exists(path) && ModelManifest.Read(path).ConfigHash == cell.ConfigHash;
        }
        catch (BadInputException)
        {
            return false;
        }
    }

    /// <summary>Removes a cell's models (a cell trained again from scratch).</summary>
    public void Clear(string cellId)
    {
        var folder = CellFolder(cellId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Writes one member: the state_dict it is evaluated with and, for sparse members, its masks.</summary>
    /// <param name="cell">The cell.</param>
    /// <param name="member">Member or ticket index.</param>
    /// <param name="memberSeed">Seed of the run that produced it.</param>
    /// <param name="selectedEpoch">Epoch of the reported checkpoint.</param>
    /// <param name="stateDict">The module's state_dict at that checkpoint.</param>
    /// <param name="masks">The 0/1 masks at that checkpoint, by parameter name (none for dense members); saved as bool.</param>
    public void SaveMember(CellSpec cell, int member, long memberSeed, int selectedEpoch,
        IEnumerable<(string Name, Tensor Tensor)> stateDict, IReadOnlyDictionary<string, Tensor> masks)
    {
        using var scope = NewDisposeScope();
        var tensors = new List<(string, Tensor)>();
        foreach (var (name, value) in stateDict)
        {
            tensors.Add((name, value));
            if (masks.TryGetValue(name, out var mask))
            {
                // The engine keeps masks in the weight's dtype (they multiply it); the file keeps what they mean.
                tensors.Add((name + MaskSuffix, mask.to_type(ScalarType.Bool)));
            }
        }

        SafeTensors.Write(MemberFile(cell.Id, member), tensors, new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["cell_id"] = cell.Id,
            ["member"] = member.ToString(CultureInfo.InvariantCulture),
            ["member_seed"] = memberSeed.ToString(CultureInfo.InvariantCulture),
            ["selected_epoch"] = selectedEpoch.ToString(CultureInfo.InvariantCulture),
            ["config_hash"] = cell.ConfigHash,
        });
    }

    /// <summary>
    /// Writes model.json for a stored cell: what it is (architecture and its input, dataset and normalisation, method,
    /// sparsity, seeds), how it was made and evaluated (config hash, versions, device, threads, evaluation settings) and
    /// what it scored (the ensemble and each member on the test set, each member's file, selected epoch and per-layer
    /// density, read from its masks).
    /// </summary>
    public void WriteManifest(CellSpec cell, CellRecord record, DatasetSpec spec)
    {
        var run = record.Run;
        var members = new List<ManifestMember>();
        foreach (var row in record.Members)
        {
            var (tensors, _) = SafeTensors.Read(MemberFile(cell.Id, row.Member));
            var densities = new Dictionary<string, double>();
            foreach (var (name, mask) in tensors.Where(t => t.Name.EndsWith(MaskSuffix, StringComparison.Ordinal)))
            {
                densities[name[..^MaskSuffix.Length]] = mask.to_type(ScalarType.Float64).mean().item<double>();
            }

            foreach (var (_, tensor) in tensors)
            {
                tensor.Dispose();
            }

            members.Add(new ManifestMember
            {
                Member = row.Member,
                File = MemberFileName(row.Member),
                MemberSeed = row.MemberSeed,
                SelectedEpoch = row.SelectedEpoch,
                Density = row.Density,
                LayerDensity = densities,
                Test = new ManifestMetrics { Accuracy = row.Accuracy, Nll = row.Nll, Ece = row.Ece },
            });
        }

        var evaluation = cell.Settings.Evaluation;
        var manifest = new ModelManifest
        {
            Format = Format,
            Matrix = run.Matrix,
            CellId = cell.Id,
            Method = cell.Method,
            Architecture = cell.Architecture,
            InputShape = spec.InputShape,
            NumClasses = spec.NumClasses,
            Dataset = cell.Dataset,
            Normalization = spec.Normalization is { } n ? new ManifestNormalization(n.Mean, n.Std) : null,
            Sparsity = cell.Sparsity,
            Prune = run.Prune,
            Regrow = run.Regrow,
            Seed = cell.Seed,
            ConfigHash = cell.ConfigHash,
            ToolVersion = run.ToolVersion,
            TorchSharpVersion = run.TorchSharpVersion,
            LibTorchVersion = run.LibTorchVersion,
            Device = run.Device,
            Threads = run.Threads,
            Evaluation = new ManifestEvaluation { BatchSize = evaluation.BatchSize, EceBins = evaluation.EceBins, Disagreement = evaluation.Disagreement },
            EnsembleTest = new ManifestMetrics { Accuracy = run.Accuracy, Nll = run.Nll, Ece = run.Ece },
            Members = members,
        };
        AtomicFile.Write(Path.Combine(CellFolder(cell.Id), ManifestName), manifest.Write);
    }

    private static string MemberFileName(int member) => string.Create(CultureInfo.InvariantCulture, $"member-{member}.safetensors");

}
