using System.Globalization;

namespace FreeTickets.Core.Config;

/// <summary>Range checks of hyperparameters (each returns the field path and what was expected).</summary>
internal static class SettingsRules
{
    private const int MaxEpochs = 100_000;
    private const int MaxBatchSize = 1_000_000;
    private const int MaxMembers = 1_000;
    private const int MaxEceBins = 10_000;

    public static IEnumerable<(string Where, string What)> Check(MethodSettings s, string method)
    {
        static string F(double v) => v.ToString(CultureInfo.InvariantCulture);
        var t = s.Training;
        if (t.Epochs < 1)
        {
            yield return ("training.epochs", $"must be at least 1 (got {t.Epochs})");
        }

        if (t.BatchSize < 1)
        {
            yield return ("training.batchSize", $"must be at least 1 (got {t.BatchSize})");
        }

        if (!(t.LearningRate > 0))
        {
            yield return ("training.learningRate", $"must be positive (got {F(t.LearningRate)})");
        }

        if (t.Momentum is < 0 or >= 1)
        {
            yield return ("training.momentum", $"must be in [0, 1) (got {F(t.Momentum)})");
        }

        if (t.WeightDecay < 0)
        {
            yield return ("training.weightDecay", $"must be >= 0 (got {F(t.WeightDecay)})");
        }

        if (t.ValidationFraction is < 0 or >= 0.5)
        {
            yield return ("training.validationFraction", $"must be in [0, 0.5) (got {F(t.ValidationFraction)})");
        }

        if (t.SelectBest && t.ValidationFraction == 0)
        {
            yield return ("training.selectBest",
                "needs a validation split (validationFraction > 0): the test set is never used for selection; set selectBest to false to report the last epoch");
        }

        if (!ValidationSplits.Names.Contains(t.ValidationSplit))
        {
            yield return ("training.validationSplit", $"unknown validation split '{t.ValidationSplit}' (expected one of {string.Join(", ", ValidationSplits.Names)})");
        }

        if (t.LrMilestones.Any(m => m is <= 0 or >= 1) || t.LrMilestones.Zip(t.LrMilestones.Skip(1)).Any(p => p.Second <= p.First))
        {
            yield return ("training.lrMilestones",
                $"must be strictly increasing fractions of the epochs in (0, 1) (got [{string.Join(", ", t.LrMilestones.Select(F))}])");
        }

        if (t.LrGamma is <= 0 or > 1)
        {
            yield return ("training.lrGamma", $"must be in (0, 1] (got {F(t.LrGamma)})");
        }

        var p = s.Sparse;
        if (!Sparsity.DensityDistributions.Names.Contains(p.Distribution))
        {
            yield return ("sparse.distribution", $"unknown distribution '{p.Distribution}' (expected one of {string.Join(", ", Sparsity.DensityDistributions.Names)})");
        }

        // Pruning criteria and regrowth rules name the cells of an ablation matrix, and so their files.
        if (ConfigNames.Check("pruning criterion", p.Prune) is { } badPrune)
        {
            yield return ("sparse.prune", badPrune);
        }

        if (ConfigNames.Check("regrowth rule", p.Regrow) is { } badRegrow)
        {
            yield return ("sparse.regrow", badRegrow);
        }

        if (p.UpdateInterval < 1)
        {
            yield return ("sparse.updateInterval", $"Delta T must be at least 1 iteration (got {p.UpdateInterval})");
        }

        if (p.DropFraction is < 0 or > 1)
        {
            yield return ("sparse.dropFraction", $"must be in [0, 1] (got {F(p.DropFraction)})");
        }

        if (p.DropFraction is >= 0 and <= 1 && (p.DropFractionMin < 0 || p.DropFractionMin > p.DropFraction))
        {
            yield return ("sparse.dropFractionMin", $"must be in [0, dropFraction] (got {F(p.DropFractionMin)})");
        }

        if (!Sparsity.DropSchedules.Names.Contains(p.DropSchedule))
        {
            yield return ("sparse.dropSchedule", $"unknown drop schedule '{p.DropSchedule}' (expected one of {string.Join(", ", Sparsity.DropSchedules.Names)})");
        }

        if (!Sparsity.RegrownMomentum.Names.Contains(p.RegrownMomentum))
        {
            yield return ("sparse.regrownMomentum", $"unknown choice '{p.RegrownMomentum}' (expected one of {string.Join(", ", Sparsity.RegrownMomentum.Names)})");
        }

        if (!Sparsity.MaskInit.Names.Contains(p.MaskInit))
        {
            yield return ("sparse.maskInit", $"unknown mask initialisation '{p.MaskInit}' (expected one of {string.Join(", ", Sparsity.MaskInit.Names)})");
        }

        var e = s.Ensemble;
        if (e.Members < 1)
        {
            yield return ("ensemble.members", $"M must be at least 1 (got {e.Members})");
        }

        if (e.ExplorationRate is <= 0 or > 1)
        {
            yield return ("ensemble.explorationRate", $"q must be in (0, 1] (got {F(e.ExplorationRate)})");
        }

        if (method == MethodNames.EdstEnsemble)
        {
            if (e.ExploreEpochs < 0)
            {
                yield return ("ensemble.exploreEpochs", $"must be >= 0 (got {e.ExploreEpochs})");
            }

            if (e.RefineEpochs < 2)
            {
                yield return ("ensemble.refineEpochs", $"must be at least 2: each phase has two learning-rate halves (got {e.RefineEpochs})");
            }
        }

        if (s.Evaluation.BatchSize < 1)
        {
            yield return ("evaluation.batchSize", $"must be at least 1 (got {s.Evaluation.BatchSize})");
        }

        if (s.Evaluation.EceBins < 1)
        {
            yield return ("evaluation.eceBins", $"must be at least 1 (got {s.Evaluation.EceBins})");
        }

        var v = s.Evaluation;
        if (!Metrics.DisagreementDefinitions.Names.Contains(v.Disagreement))
        {
            yield return ("evaluation.disagreement",
                $"unknown disagreement definition '{v.Disagreement}' (expected one of {string.Join(", ", Metrics.DisagreementDefinitions.Names)})");
        }

        if (v.Ood.Any(string.IsNullOrWhiteSpace) || v.Ood.Distinct(StringComparer.Ordinal).Count() != v.Ood.Count)
        {
            yield return ("evaluation.ood", $"must list distinct dataset plugin names (got [{string.Join(", ", v.Ood.Select(n => $"'{n}'"))}])");
        }

        // Upper bounds: 2147483647 epochs is a whole number too, and would train for ever, overflow M x E or allocate past
        // memory; the limits are far above any real setting.
        foreach (var (field, value, max) in new (string, int, int)[]
        {
            ("training.epochs", t.Epochs, MaxEpochs), ("training.batchSize", t.BatchSize, MaxBatchSize),
            ("ensemble.members", e.Members, MaxMembers), ("ensemble.exploreEpochs", e.ExploreEpochs, MaxEpochs),
            ("ensemble.refineEpochs", e.RefineEpochs, MaxEpochs), ("evaluation.batchSize", v.BatchSize, MaxBatchSize),
            ("evaluation.eceBins", v.EceBins, MaxEceBins),
        })
        {
            if (value > max)
            {
                yield return (field, $"must be at most {max} (got {value})");
            }
        }

        foreach (var name in v.Ood.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal))
        {
            if (ConfigNames.Check("dataset", name) is { } badOod)
            {
                yield return ("evaluation.ood", badOod);
            }
        }

        foreach (var unknown in v.Corruptions.Where(c => !Robustness.Corruptions.Names.Contains(c)).Distinct(StringComparer.Ordinal))
        {
            yield return ("evaluation.corruptions", $"unknown corruption '{unknown}' (expected one of {string.Join(", ", Robustness.Corruptions.Names)})");
        }

        if (v.Corruptions.Distinct(StringComparer.Ordinal).Count() != v.Corruptions.Count)
        {
            yield return ("evaluation.corruptions", $"each corruption must appear once (got [{string.Join(", ", v.Corruptions)}])");
        }

        if (v.Severities.Count == 0 || v.Severities.Any(x => x is < Robustness.Corruptions.MinSeverity or > Robustness.Corruptions.MaxSeverity)
            || v.Severities.Distinct().Count() != v.Severities.Count)
        {
            yield return ("evaluation.severities",
                $"must be distinct whole numbers in {Robustness.Corruptions.MinSeverity}..{Robustness.Corruptions.MaxSeverity}, at least one (got [{string.Join(", ", v.Severities)}])");
        }
    }
}
