using System.Diagnostics;
using System.Globalization;
using FreeTickets.Core.Config;
using FreeTickets.Core.Training;

namespace FreeTickets.Core.Methods;

/// <summary>
/// Mid-cell checkpoints of one cell: written every N epochs and when a stop is requested, read back when the cell
/// starts again, deleted once the cell's record is stored. A resumed cell continues bit-exactly on the CPU (same
/// thread count): weights, gradients, momentum, masks, generator states, counters and finished members all come back.
/// </summary>
public sealed class CheckpointSession
{
    private readonly string? _path;
    private readonly CellSpec? _cell;
    private readonly int _everyEpochs;
    private readonly CancellationToken _stopAfterEpoch;
    private readonly Action<string> _log;
    private readonly string _device;
    private readonly int _threads;
    private readonly long _started = Stopwatch.GetTimestamp();
    private int _epochsSinceSave;

    /// <summary>A session that never writes or reads a checkpoint (a stop request still ends the run after an epoch).</summary>
    public static CheckpointSession None { get; } = new(null, null, 0, CancellationToken.None, _ => { }, "", 0);

    /// <param name="path">Checkpoint file of the cell, or null for none.</param>
    /// <param name="cell">The cell (its id and config hash guard against resuming someone else's checkpoint).</param>
    /// <param name="everyEpochs">Write a checkpoint every this many epochs (0: only when a stop is requested).</param>
    /// <param name="stopAfterEpoch">When cancelled, the run writes a checkpoint at the end of the epoch and stops.</param>
    /// <param name="log">Progress messages (resumed from where, ignored checkpoints).</param>
    /// <param name="device">Device of this run, recorded in the checkpoint.</param>
    /// <param name="threads">Torch threads of this run, recorded in the checkpoint.</param>
    public CheckpointSession(string? path, CellSpec? cell, int everyEpochs, CancellationToken stopAfterEpoch, Action<string> log, string device, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(everyEpochs);
        _path = path;
        _cell = cell;
        _everyEpochs = everyEpochs;
        _stopAfterEpoch = stopAfterEpoch;
        _log = log;
        _device = device;
        _threads = threads;
    }

    /// <summary>Wall seconds the cell had already run in earlier processes (0 unless resumed).</summary>
    public double PriorSeconds { get; private set; }

    /// <summary>Whether a stop was requested (the runner starts no new cell then).</summary>
    public bool StopRequested => _stopAfterEpoch.IsCancellationRequested;

    /// <summary>Whether a checkpoint file of this cell exists (the cell may resume from it).</summary>
    public bool Exists => _path is not null && File.Exists(_path);

    /// <summary>Deletes the checkpoint (the cell's record is stored, or the cell is recomputed from scratch).</summary>
    public void Delete()
    {
        if (_path is not null && File.Exists(_path))
        {
            File.Delete(_path);
        }
    }

    /// <summary>The checkpoint to resume from, or null (none, another config, or unreadable: then the cell starts over).</summary>
    internal CheckpointFile.Loaded? TryResume()
    {
        if (_path is null || _cell is null || !File.Exists(_path))
        {
            return null;
        }

        CheckpointFile.Loaded loaded;
        try
        {
            loaded = CheckpointFile.Read(_path);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            _log($"{_cell.Id}: ignoring checkpoint {_path} ({ex.Message}); the cell starts over");
            return null;
        }

        var header = loaded.Header;
        if (header.Version != CheckpointHeader.CurrentVersion || header.CellId != _cell.Id || header.ConfigHash != _cell.ConfigHash)
        {
            _log($"{_cell.Id}: ignoring checkpoint {_path} (written for another config); the cell starts over");
            loaded.Dispose();
            return null;
        }

        if (header.Threads != _threads || header.Device != _device)
        {
            _log($"{_cell.Id}: checkpoint was written with {header.Threads} thread(s) on {header.Device}, resuming with {_threads} on {_device}: "
                + "results will not be bit-identical to an uninterrupted run");
        }

        PriorSeconds = header.CellSeconds;
        _log($"{_cell.Id}: resuming from checkpoint at run {header.RunIndex}, epoch {header.NextEpoch} ({header.Completed.Count} member(s) finished)");
        return loaded;
    }

    /// <summary>
    /// Called after each finished epoch: writes a checkpoint when due or when a stop was requested, then stops the run
    /// in the latter case.
    /// </summary>
    /// <param name="runIndex">Run in flight.</param>
    /// <param name="nextEpoch">The epoch the run would train next.</param>
    /// <param name="completed">Members finished so far (their probabilities are saved).</param>
    /// <param name="completedCurves">Curves of runs already finished (not those of the run in flight).</param>
    /// <param name="run">The run in flight.</param>
    internal void EpochDone(int runIndex, int nextEpoch, IReadOnlyList<MemberOutcome> completed, IReadOnlyList<EpochStats> completedCurves, MemberRun run)
    {
        _epochsSinceSave++;
        var stop = _stopAfterEpoch.IsCancellationRequested;
        if (_path is not null && _cell is not null && (stop || (_everyEpochs > 0 && _epochsSinceSave >= _everyEpochs)))
        {
            CheckpointFile.Write(_path, writer =>
            {
                foreach (var member in completed)
                {
                    writer.Add(CheckpointLayout.CompletedProbabilities(member.Index), member.TestProbabilities);
                    for (var k = 0; k < member.RobustnessProbabilities.Count; k++)
                    {
                        writer.Add(CheckpointLayout.CompletedRobustness(member.Index) + k.ToString(CultureInfo.InvariantCulture), member.RobustnessProbabilities[k]);
                    }
                }

                var runState = run.WriteState(writer);
                return new CheckpointHeader(
                    CheckpointHeader.CurrentVersion, _cell.Id, _cell.ConfigHash, _device, _threads,
                    PriorSeconds + TrainingLoop.Since(_started), runIndex, nextEpoch,
                    [.. completed.Select(m => new CompletedMemberHeader(m.Index, m.Seed, m.ActiveWeights, m.SparsifiableWeights, m.Densities, m.Epochs, m.TopologyUpdates, m.SelectedEpoch, m.Inference))],
                    [.. completedCurves], runState);
            });
            _epochsSinceSave = 0;
        }

        if (stop)
        {
            var where = _path is null ? "no checkpoint written" : $"checkpoint {_path}";
            throw new RunInterruptedException($"interrupted after epoch {nextEpoch} of {_cell?.Id ?? "the cell"} ({where}); run the same command again to resume");
        }
    }

    /// <summary>Finished members of a resumed checkpoint, owning copies of their (CPU) probabilities.</summary>
    internal static List<MemberOutcome> CompletedMembers(CheckpointFile.Loaded loaded) =>
        [.. loaded.Header.Completed.Select(m => new MemberOutcome(
            m.Index, m.Seed, loaded.Get(CheckpointLayout.CompletedProbabilities(m.Index)).clone(), m.ActiveWeights, m.SparsifiableWeights,
            m.Densities, m.Epochs, m.TopologyUpdates, m.SelectedEpoch)
        {
            RobustnessProbabilities = [.. loaded.WithPrefix(CheckpointLayout.CompletedRobustness(m.Index))
                .OrderBy(kv => int.Parse(kv.Key, CultureInfo.InvariantCulture)).Select(kv => kv.Value.clone())],
            Inference = m.Inference,
        })];
}
