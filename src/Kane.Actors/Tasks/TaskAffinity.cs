namespace Kane.Actors;

/// <summary>Where a task may or should run.</summary>
/// <param name="RequiredCapabilities">Every one must be among the agent's capabilities (empty = any agent).</param>
/// <param name="PreferredAgents">Agents to try first when they are idle (empty = no preference).</param>
public sealed record TaskAffinity(IReadOnlyList<string> RequiredCapabilities, IReadOnlyList<string> PreferredAgents)
{
    public static readonly TaskAffinity None = new([], []);

    /// <summary>True when an agent with <paramref name="capabilities"/> may run the task.</summary>
    public bool AllowsCapabilities(IReadOnlyCollection<string> capabilities) =>
        RequiredCapabilities.Count == 0 || RequiredCapabilities.All(capabilities.Contains);
}
