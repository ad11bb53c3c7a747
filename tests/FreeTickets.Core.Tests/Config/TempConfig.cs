namespace FreeTickets.Core.Tests.Config;

/// <summary>A benchmarks.json written to a temporary file for one test; deleted on dispose.</summary>
internal sealed class TempConfig : IDisposable
{
    public TempConfig(string json)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"freetickets-config-{Guid.NewGuid():N}.json");
        File.WriteAllText(Path, json);
    }

    public string Path { get; }

    /// <summary>A valid one-matrix config; <paramref name="matrixExtra"/> and <paramref name="rootExtra"/> are spliced in as JSON members.</summary>
    public static string Minimal(string matrixExtra = "", string rootExtra = "", string methods = "\"dense\", \"edst-ensemble\"", string sparsities = "[0.8]") => $$"""
        {
          {{rootExtra}}
          "defaults": { "training": { "epochs": 4 } },
          "matrices": {
            "m": {
              {{matrixExtra}}
              "datasets": ["synthetic"],
              "architectures": ["mlp-300-100"],
              "methods": [{{methods}}],
              "sparsities": {{sparsities}},
              "seeds": [1]
            }
          }
        }
        """;

    public void Dispose() => File.Delete(Path);
}
