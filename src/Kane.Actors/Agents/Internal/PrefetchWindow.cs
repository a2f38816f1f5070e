namespace Kane.Actors.Internal;

/// <summary>
/// How many tasks a node lets each agent hold beyond its slots (agent-prefetch): as many of its recent average tasks
/// as fit in <see cref="HoldBudgetMs"/>, at most the setting. Short tasks then start one after another at the agent
/// without a round trip to the node each; tasks of a few milliseconds or more are not held, so they stay in the
/// node's queue where an idle peer can steal them.
/// </summary>
internal static class PrefetchWindow
{
    /// <summary>Milliseconds of work an agent may hold waiting.</summary>
    public const double HoldBudgetMs = 2;

    /// <param name="max">kane.agents.agent-prefetch.</param>
    /// <param name="averageTaskMs">The node's recent average task time; NaN before any task finished (nothing is held then).</param>
    public static int Size(int max, double averageTaskMs)
    {
        if (max <= 0 || double.IsNaN(averageTaskMs)) return 0;
        return (int)Math.Min(max, HoldBudgetMs / Math.Max(averageTaskMs, 0.001));
    }

    /// <summary>The running average after a task of <paramref name="taskMs"/> (exponential, weight 1/20 per task).</summary>
    public static double Average(double averageTaskMs, double taskMs) =>
        double.IsNaN(averageTaskMs) ? taskMs : 0.95 * averageTaskMs + 0.05 * taskMs;
}
