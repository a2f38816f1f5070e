using System.Text.Json;

namespace Kane.Actors.Internal;

/// <summary>
/// A job's view cut to what one remote message carries. A view asked for by another node travels as one frame
/// (<c>kane.remote.maximum-frame-size</c>); a larger one went to dead letters and left the asker waiting (a job of
/// ~600 organize tasks with its rows: ~180 kB). A view that fits is sent whole, as before.
/// </summary>
internal static class JobViewFit
{
    /// <summary>Room in a frame for the recipient's and sender's paths and the type tag around the view.</summary>
    public const int FrameOverhead = 2_000;

    /// <summary>
    /// <paramref name="view"/> if its JSON fits in <paramref name="limit"/> bytes; otherwise the view with task rows taken
    /// off its end (then errors) until it fits, and <see cref="JobView.TasksOmitted"/> counting the rows taken off.
    /// </summary>
    public static JobView Fit(JobView view, int limit)
    {
        // Most views are far below a frame: an upper estimate says so without writing the JSON that remoting is about
        // to write anyway (a remote `kane organize --cluster` asks every 250 ms).
        if (Estimate(view) <= limit) return view;
        var size = Size(view);
        if (size <= limit) return view;
        var tasks = view.Tasks.ToList();
        var errors = view.Errors.ToList();
        var omitted = view.TasksOmitted;
        // Each row's own JSON plus its separating comma, taken off until the whole fits.
        while (size > limit && tasks.Count > 0)
        {
            size -= Row(tasks[^1]) + 1;
            tasks.RemoveAt(tasks.Count - 1);
            omitted++;
        }
        while (size > limit && errors.Count > 0)
        {
            size -= Row(errors[^1]) + 1;
            errors.RemoveAt(errors.Count - 1);
        }
        return view with { Tasks = tasks, Errors = errors, TasksOmitted = omitted };
    }

    /// <summary>An upper estimate of <paramref name="view"/>'s JSON size: its rows' estimates and room for the rest.</summary>
    internal static int Estimate(JobView view)
    {
        var size = 1_000 + view.JobId.Length + view.Name.Length;
        foreach (var row in view.Tasks) size += WireSize.Of(row);
        foreach (var row in view.Errors) size += WireSize.Of(row);
        foreach (var node in view.Nodes)
        {
            size += 120 + node.Node.Length;
            foreach (var id in node.DispatchedTasks) size += id.Length + 3;
            foreach (var key in node.Totals.Keys) size += key.Length + 25;
        }
        return size;
    }

    private static int Size(JobView view) => JsonSerializer.SerializeToUtf8Bytes(view, AgentsWire.Info<JobView>()).Length;

    private static int Row(TaskView row) => JsonSerializer.SerializeToUtf8Bytes(row, AgentsWire.Info<TaskView>()).Length;
}
