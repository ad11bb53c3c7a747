namespace FreeTickets.Core.Config;

/// <summary>How models are evaluated.</summary>
public sealed record EvaluationSettings
{
    /// <summary>Batch size of evaluation passes.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>Equal-width confidence bins of the ECE.</summary>
    public int EceBins { get; init; } = 15;

    /// <summary>
    /// The disagreement column: <c>pairs</c> (mean over member pairs of the share of test examples whose predicted classes
    /// differ) or <c>released</c> (the released FreeTickets code's number: 0.001 added to every nonzero pair, the mean over
    /// nonzero pairs only).
    /// </summary>
    public string Disagreement { get; init; } = Metrics.DisagreementDefinitions.Pairs;

    /// <summary>Dataset plugins whose test split is the out-of-distribution set of the max-softmax AUROC (none by default).</summary>
    public IReadOnlyList<string> Ood { get; init; } = [];

    /// <summary>Generated corruptions of the test set (<see cref="Robustness.Corruptions.Names"/>; none by default).</summary>
    public IReadOnlyList<string> Corruptions { get; init; } = [];

    /// <summary>Severities 1-5 of every corruption.</summary>
    public IReadOnlyList<int> Severities { get; init; } = [1, 2, 3, 4, 5];

    /// <summary>
    /// Save every member's reported weights and masks as safetensors with a model.json per cell (as <c>run
    /// --save-models</c> does). It changes what is written, not the results, so it is not part of the config hash.
    /// </summary>
    public bool SaveModels { get; init; }

    /// <summary>Whether any robustness set (OoD or corruption) is configured.</summary>
    internal bool HasRobustness => Ood.Count > 0 || Corruptions.Count > 0;
}
