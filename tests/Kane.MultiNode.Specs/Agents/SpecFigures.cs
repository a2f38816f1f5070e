using Xunit.Abstractions;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>
/// Figures a spec measures on its nodes (shares, times) brought back to the test's output: the test names a file in
/// <c>KANE_SPEC_FIGURES</c>, which the node processes inherit; nodes append lines with <see cref="Report"/>.
/// </summary>
public static class SpecFigures
{
    private const string Variable = "KANE_SPEC_FIGURES";

    /// <summary>On a node: records <paramref name="line"/> for the test's output (and the node's log).</summary>
    public static void Report(string line)
    {
        Console.WriteLine("figure: " + line);
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } file)
            File.AppendAllLines(file, [line]);
    }

    /// <summary>Runs <typeparamref name="TSpec"/> and returns the lines its nodes reported, also written to <paramref name="output"/>.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync<TSpec>(ITestOutputHelper output) where TSpec : MultiNodeSpec, new()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kane-figures-{Guid.NewGuid():N}.txt");
        Environment.SetEnvironmentVariable(Variable, file);
        string[] lines = [];
        try
        {
            await MultiNodeRunner.RunAsync<TSpec>();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
            // Also when the spec failed: what it measured before failing helps to see why.
            if (File.Exists(file))
            {
                lines = File.ReadAllLines(file);
                File.Delete(file);
            }
            foreach (var line in lines)
            {
                output.WriteLine(line);
                Console.WriteLine($"{typeof(TSpec).Name}: {line}");
            }
        }
        return lines;
    }
}
