namespace FreeTickets.Core.Results;

/// <summary>What a merge did.</summary>
/// <param name="OutputDir">The folder that now holds the union of the records and the rebuilt tables.</param>
/// <param name="Matrix">Matrix name of the records.</param>
/// <param name="RecordsByFolder">Record files read from each folder (the output folder first when it already had records).</param>
/// <param name="Records">Cell records in the output folder after the merge (the tables are built from these).</param>
/// <param name="Added">Records copied into the output folder.</param>
/// <param name="Duplicates">Record files skipped because the same cell's identical record was already taken.</param>
/// <param name="LeaderboardRows">Rows of the rebuilt leaderboard.csv.</param>
/// <param name="Provenances">Distinct device / threads / libtorch combinations among the records.</param>
/// <param name="ExpectedCells">Cells of the matrix in the config; null when merged without a config.</param>
/// <param name="MissingCells">Cells of the matrix that no folder had (only with a config).</param>
public sealed record MergeSummary(
    string OutputDir,
    string Matrix,
    IReadOnlyList<KeyValuePair<string, int>> RecordsByFolder,
    int Records,
    int Added,
    int Duplicates,
    int LeaderboardRows,
    IReadOnlyList<string> Provenances,
    int? ExpectedCells,
    IReadOnlyList<string> MissingCells);
