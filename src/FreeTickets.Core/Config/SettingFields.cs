using System.Reflection;
using System.Text.Json;
using FreeTickets.Abstractions;
using FreeTickets.Core.Sparsity;

namespace FreeTickets.Core.Config;

/// <summary>
/// Every setting of the four sections, with its description and limits: the one table both the schema
/// (<see cref="ConfigSchema"/>) and the checks (<see cref="SettingsRules"/>) read. Names and types come from the
/// settings records themselves. The order is the order of the checks, and so of the messages.
/// </summary>
internal static class SettingFields
{
    private const int MaxEpochs = 100_000;
    private const int MaxBatchSize = 1_000_000;

    /// <summary>The settings sections, the records they bind to, their defaults, and where they are in a method's settings.</summary>
    public static IReadOnlyList<(string Name, Type Type, object Defaults, Func<MethodSettings, object> Of)> Sections { get; } =
    [
        ("training", typeof(TrainingSettings), new TrainingSettings(), s => s.Training),
        ("sparse", typeof(SparseSettings), new SparseSettings(), s => s.Sparse),
        ("ensemble", typeof(EnsembleSettings), new EnsembleSettings(), s => s.Ensemble),
        ("evaluation", typeof(EvaluationSettings), new EvaluationSettings(), s => s.Evaluation),
    ];

    /// <summary>Every setting, in the order of the checks.</summary>
    public static IReadOnlyList<SettingField> All { get; } =
    [
        new("training.epochs", "Epochs of one dense or DST run (E).") { Range = NumberRange.AtLeast(1), Ceiling = MaxEpochs },
        new("training.batchSize", "Mini-batch size.") { Range = NumberRange.AtLeast(1), Ceiling = MaxBatchSize },
        new("training.learningRate", "Initial SGD learning rate.") { Range = NumberRange.Above(0) },
        new("training.momentum", "SGD momentum factor (dampening 0, no Nesterov).") { Range = new(0, 1, ExclusiveMaximum: true) },
        new("training.weightDecay", "L2 weight decay added to the gradient.") { Range = NumberRange.AtLeast(0) },
        new("training.validationFraction", "Share of the training set held out for validation (never augmented).") { Range = new(0, 0.5, ExclusiveMaximum: true) },
        new("training.selectBest", "Report the best-validation checkpoint (per member; per refinement phase for EDST tickets), as the released FreeTickets code does; false reports the last epoch. The test set is never used."),
        new("training.validationSplit", "Which examples are held out: random (a seeded permutation, the same for every cell of a dataset) or tail (the last validationFraction of the training set in file order, as the released FreeTickets code does).") { Choices = new("validation split", ValidationSplits.Names) },
        new("training.lrMilestones", "Fractions of the epochs at which the LR is multiplied by lrGamma (dense and DST).") { ItemRange = new(0, 1, ExclusiveMinimum: true, ExclusiveMaximum: true) },
        new("training.lrGamma", "LR multiplier at each milestone.") { Range = new(0, 1, ExclusiveMinimum: true) },
        new("sparse.distribution", "Per-layer density distribution at the target sparsity.") { Choices = new("distribution", DensityDistributions.Names) },
        new("sparse.prune", "Pruning criterion plugin (the paper's death rule), e.g. magnitude.") { Plugin = PluginKind.Pruning },
        new("sparse.regrow", "Regrowth rule plugin (the paper's growth rule), e.g. gradient (RigL) or random (SET).") { Plugin = PluginKind.Regrowth },
        new("sparse.updateInterval", "Delta T: optimizer steps between topology updates.") { Range = NumberRange.AtLeast(1), Symbol = "Delta T", Unit = "iteration" },
        new("sparse.dropFraction", "p: share of each layer's active weights pruned and regrown at an update (the paper's death rate).") { Range = new(0, 1) },
        new("sparse.dropFractionMin", "Final p of the cosine schedule (at most dropFraction).") { Range = new(0, 1) },
        new("sparse.dropSchedule", "How p decays over training.") { Choices = new("drop schedule", DropSchedules.Names) },
        new("sparse.regrownMomentum", "SGD momentum of inactive weights: zero (masked, so regrown weights start from zero momentum, as RigL) or keep (the buffer stays dense and regrown weights inherit it, as the released FreeTickets code does).") { Choices = new("choice", RegrownMomentum.Names) },
        new("sparse.maskInit", "Initial masks: exact (exactly round(density * n) active weights per layer) or bernoulli (each weight active with probability density, as the released FreeTickets code does).") { Choices = new("mask initialisation", MaskInit.Names) },
        new("sparse.execution", "How sparse layers compute: masked (dense kernels on masked weights, bit-reproducible) or sparse (fully connected layers sparse enough to win run sparse kernels that touch only active weights; the others stay masked; equal to masked within rounding). Dense methods are unaffected. Part of the config hash only when not masked, and never for dense methods.") { Choices = new("execution mode", SparseExecutionMode.All) },
        new("ensemble.members", "M: members of dense/DST ensembles, tickets of EDST.") { Range = NumberRange.AtLeast(1), Symbol = "M", Ceiling = 1_000 },
        new("ensemble.explorationRate", "q: share of connections re-drawn by EDST's global exploration between tickets.") { Range = new(0, 1, ExclusiveMinimum: true), Symbol = "q" },
        new("ensemble.exploreEpochs", "EDST exploration epochs at the initial LR.") { Range = NumberRange.AtLeast(0), UsedOnlyBy = MethodNames.EdstEnsemble, Ceiling = MaxEpochs },
        new("ensemble.refineEpochs", "EDST epochs per refinement phase (first half LR/10, second half LR/100, so at least 2).")
        {
            Range = NumberRange.AtLeast(2), UsedOnlyBy = MethodNames.EdstEnsemble, Reason = "each phase has two learning-rate halves", Ceiling = MaxEpochs,
        },
        new("ensemble.refineRates", "EDST refinement learning rates: relative (lr0/10, then lr0/100) or absolute (0.01, then 0.001 whatever lr0, as the released FreeTickets code sets them); the same at lr0 = 0.1.")
        {
            Choices = new("choice", Training.RefineRates.Names), UsedOnlyBy = MethodNames.EdstEnsemble,
        },
        new("evaluation.batchSize", "Batch size for validation and test predictions.") { Range = NumberRange.AtLeast(1), Ceiling = MaxBatchSize },
        new("evaluation.eceBins", "Equal-width confidence bins of the ECE (the released FreeTickets code's np.linspace(0, 1, 15) edges make 14).") { Range = NumberRange.AtLeast(1), Ceiling = 10_000 },
        new("evaluation.disagreement", "The disagreement column: pairs (mean over member pairs of the share of differing predictions) or released (the released FreeTickets code: 0.001 added to every nonzero pair, mean over nonzero pairs).") { Choices = new("disagreement definition", Metrics.DisagreementDefinitions.Names) },
        new("evaluation.ood", "Dataset plugins whose test split is the out-of-distribution set of the max-softmax OoD AUROC (same input shape as the matrix's datasets).") { Plugin = PluginKind.Dataset },
        new("evaluation.corruptions", "Generated corruptions of the test set (accuracy, NLL, ECE under corruption).") { Choices = new("corruption", Robustness.Corruptions.Names) },
        new("evaluation.severities", "Severities of every corruption.") { ItemRange = new(Robustness.Corruptions.MinSeverity, Robustness.Corruptions.MaxSeverity) },
        new("evaluation.saveModels", "Save every member's reported weights and masks (safetensors) and a model.json per cell under <results>/models/ (run --save-models does the same); not part of the config hash."),
    ];

    /// <summary>Every setting by its key.</summary>
    public static IReadOnlyDictionary<string, SettingField> ByKey { get; } = All.ToDictionary(f => f.Key, StringComparer.Ordinal);

    private static readonly Dictionary<string, Func<MethodSettings, object?>> _values = Sections
        .SelectMany(s => s.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p =>
            (Key: $"{s.Name}.{JsonNamingPolicy.CamelCase.ConvertName(p.Name)}", Value: new Func<MethodSettings, object?>(m => p.GetValue(s.Of(m))))))
        .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    /// <summary>The value of <paramref name="field"/> in a method's settings.</summary>
    public static object? ValueIn(SettingField field, MethodSettings settings) => _values[field.Key](settings);
}
