namespace FreeTickets.Core.Config;

/// <summary>
/// The rules a field's own range or choices cannot state: those that read another field (dropFractionMin at most
/// dropFraction; selectBest needs a validation split) and those about a list as a whole. Their bounds still come from
/// <see cref="SettingFields"/>.
/// </summary>
internal static class ExplicitRules
{
    /// <summary>Rules that replace a field's generic rule (checked in the field's place in the table).</summary>
    public static IReadOnlyDictionary<string, Func<MethodSettings, string?>> OfValue { get; } = new Dictionary<string, Func<MethodSettings, string?>>(StringComparer.Ordinal)
    {
        ["training.selectBest"] = s => s.Training.SelectBest && s.Training.ValidationFraction == 0
            ? "needs a validation split (validationFraction > 0): the test set is never used for selection; set selectBest to false to report the last epoch"
            : null,
        ["training.lrMilestones"] = s => IncreasingFractions(s.Training.LrMilestones, Field("training.lrMilestones").ItemRange!),
        ["sparse.dropFractionMin"] = DropFractionMin,
        ["evaluation.ood"] = s => s.Evaluation.Ood.Any(string.IsNullOrWhiteSpace) || s.Evaluation.Ood.Distinct(StringComparer.Ordinal).Count() != s.Evaluation.Ood.Count
            ? $"must list distinct dataset plugin names (got [{string.Join(", ", s.Evaluation.Ood.Select(n => $"'{n}'"))}])"
            : null,
    };

    /// <summary>Rules of a list as a whole, checked after the generic rules of its entries.</summary>
    public static IReadOnlyDictionary<string, Func<MethodSettings, string?>> OfItems { get; } = new Dictionary<string, Func<MethodSettings, string?>>(StringComparer.Ordinal)
    {
        ["evaluation.corruptions"] = s => s.Evaluation.Corruptions.Distinct(StringComparer.Ordinal).Count() != s.Evaluation.Corruptions.Count
            ? $"each corruption must appear once (got [{string.Join(", ", s.Evaluation.Corruptions)}])"
            : null,
        ["evaluation.severities"] = s => Severities(s.Evaluation.Severities, Field("evaluation.severities").ItemRange!),
    };

    private static SettingField Field(string key) => SettingFields.ByKey[key];

    private static string? IncreasingFractions(IReadOnlyList<double> milestones, NumberRange each) =>
        milestones.Any(m => !each.Contains(m)) || milestones.Zip(milestones.Skip(1)).Any(p => p.Second <= p.First)
            ? $"must be strictly increasing fractions of the epochs in {each.Interval()} (got [{string.Join(", ", milestones.Select(ConfigValues.Number))}])"
            : null;

    /// <summary>The cosine schedule decays p from dropFraction to dropFractionMin: only checked once dropFraction is valid.</summary>
    private static string? DropFractionMin(MethodSettings s)
    {
        var (p, min) = (s.Sparse.DropFraction, s.Sparse.DropFractionMin);
        var floor = Field("sparse.dropFractionMin").Range!.Minimum ?? 0;
        return Field("sparse.dropFraction").Range!.Contains(p) && !new NumberRange(floor, p).Contains(min)
            ? $"must be in [{ConfigValues.Number(floor)}, dropFraction] (got {ConfigValues.Number(min)})"
            : null;
    }

    private static string? Severities(IReadOnlyList<int> severities, NumberRange each) =>
        severities.Count == 0 || severities.Any(x => !each.Contains(x)) || severities.Distinct().Count() != severities.Count
            ? $"must be distinct whole numbers in {ConfigValues.Number(each.Minimum ?? 0)}..{ConfigValues.Number(each.Maximum ?? 0)}, at least one (got [{string.Join(", ", severities.Select(x => ConfigValues.Setting(x)))}])"
            : null;
}
