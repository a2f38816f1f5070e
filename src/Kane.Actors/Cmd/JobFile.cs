using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Kane.Actors.Cmd;

/// <summary>
/// The JSON job file <c>kane jobs submit FILE</c> reads (documented in README.md, "Job files"). Only <c>tasks</c> and
/// each task's <c>id</c> and <c>type</c> are required; unknown fields are refused so that a typo is not silently
/// ignored.
/// <code>
/// { "id": "nightly-1", "name": "nightly", "priority": "high",
///   "roots": { "sources": ["/data/in"], "target": "/data/out" }, "deadline": "2026-12-01T00:00:00Z",
///   "metadata": { "owner": "ops" },
///   "tasks": [ { "id": "t1", "type": "kane.sleep", "metadata": { "ms": "100" } },
///              { "id": "t2", "type": "kane.noop", "dependsOn": ["t1"], "priority": "low", "rank": 1,
///                "items": ["a", "b"], "maxRetries": 2, "timeout": "30s", "deadline": "2026-12-01T00:00:00Z",
///                "requiredCapabilities": ["fs"], "preferredAgents": ["10.0.0.5:4053/0"] } ] }
/// </code>
/// </summary>
public sealed partial record JobFile
{
    /// <summary>The job id; a fresh <c>job-…</c> id when absent.</summary>
    public string? Id { get; init; }

    /// <summary>A name for people; the id when absent.</summary>
    public string? Name { get; init; }

    /// <summary>low, normal (default), high or critical; the default of every task's priority.</summary>
    public TaskPriority? Priority { get; init; }

    public JobFileRoots? Roots { get; init; }

    public DateTimeOffset? Deadline { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }

    public List<JobFileTask>? Tasks { get; init; }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Reads a job file's text into a valid <see cref="JobSpec"/>.</summary>
    /// <param name="source">Where the text came from, for the messages (a file name).</param>
    /// <returns>The spec, or one line saying what is wrong and how to fix it.</returns>
    public static (JobSpec? Spec, string? Error) Parse(string json, string source = "the job file")
    {
        JobFile? file;
        try
        {
            file = JsonSerializer.Deserialize<JobFile>(json, Options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, column {e.BytePositionInLine + 1}" : "";
            return (null, $"{source} is not a valid job file{where}: {Explain(e)}");
        }
        if (file is null)
            return (null, $"{source} holds no job: it must be a JSON object with a \"tasks\" array.");
        return file.ToSpec(source);
    }

    /// <summary>The spec this file describes, or why it is invalid.</summary>
    public (JobSpec? Spec, string? Error) ToSpec(string source = "the job file")
    {
        if (Tasks is null || Tasks.Count == 0)
            return (null, $"{source} has no tasks: add a \"tasks\" array with at least one {{\"id\": ..., \"type\": ...}}.");
        var priority = Priority ?? TaskPriority.Normal;
        var tasks = new List<KaneTask>(Tasks.Count);
        for (var i = 0; i < Tasks.Count; i++)
        {
            var (task, error) = Tasks[i] is { } t ? t.ToTask(priority, i + 1) : (null, $"task {i + 1} is null");
            if (task is null)
                return (null, $"{source}: {error}.");
            tasks.Add(task);
        }
        var id = string.IsNullOrEmpty(Id) ? JobSpec.NewId() : Id;
        var spec = new JobSpec(id, string.IsNullOrWhiteSpace(Name) ? id : Name, priority, tasks)
        {
            Roots = Roots is null ? JobRoots.None : new JobRoots(Roots.Sources ?? [], Roots.Target),
            Deadline = Deadline,
            Metadata = Metadata ?? [],
        };
        return spec.Validate() is { } invalid ? (null, $"{source}: {invalid}.") : (spec, null);
    }

    private static string Explain(JsonException e)
    {
        if (UnmappedField().Match(e.Message) is { Success: true } m)
        {
            var where = m.Groups[2].Value switch { nameof(JobFileTask) => "a task", nameof(JobFileRoots) => "\"roots\"", _ => "the job" };
            return $"{where} has no field '{m.Groups[1].Value}': check the spelling; README.md \"Job files\" lists the fields.";
        }
        return e.Message.Split(" Path:")[0].Split(" LineNumber:")[0];
    }

    [GeneratedRegex(@"The JSON property '(.*)' could not be mapped to any \.NET member contained in type '(?:.*\.)?([A-Za-z]+)'")]
    private static partial Regex UnmappedField();
}

/// <summary>The <c>roots</c> of a <see cref="JobFile"/>: the directories the job's handlers may touch.</summary>
public sealed record JobFileRoots
{
    public List<string>? Sources { get; init; }

    public string? Target { get; init; }
}

/// <summary>One task of a <see cref="JobFile"/>.</summary>
public sealed record JobFileTask
{
    public string? Id { get; init; }

    /// <summary>The handler's task type, e.g. <c>kane.sleep</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The job's priority when absent.</summary>
    public TaskPriority? Priority { get; init; }

    public int? Rank { get; init; }

    public List<string>? Items { get; init; }

    public List<string>? DependsOn { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }

    public DateTimeOffset? Deadline { get; init; }

    public int? MaxRetries { get; init; }

    /// <summary>A duration: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>.</summary>
    public string? Timeout { get; init; }

    public List<string>? RequiredCapabilities { get; init; }

    public List<string>? PreferredAgents { get; init; }

    internal (KaneTask? Task, string? Error) ToTask(TaskPriority jobPriority, int number)
    {
        var name = Id is null ? $"task {number}" : $"task {Id}";
        if (string.IsNullOrEmpty(Id))
            return (null, $"task {number} has no \"id\": give every task an id unique in the job");
        if (string.IsNullOrEmpty(Type))
            return (null, $"{name} has no \"type\": name the handler that runs it, e.g. \"kane.sleep\"");
        TimeSpan? timeout = null;
        if (Timeout is not null)
        {
            if (ParseDuration(Timeout) is not { } t)
                return (null, $"{name}: timeout '{Timeout}' is not a duration like 500ms, 30s, 5m or 1h");
            timeout = t;
        }
        return (new KaneTask(Id, Type, Priority ?? jobPriority, Items ?? [])
        {
            Rank = Rank ?? 0,
            DependsOn = DependsOn ?? [],
            Metadata = Metadata ?? [],
            Deadline = Deadline,
            MaxRetries = MaxRetries,
            Timeout = timeout,
            Affinity = RequiredCapabilities is null && PreferredAgents is null
                ? TaskAffinity.None
                : new TaskAffinity(RequiredCapabilities ?? [], PreferredAgents ?? []),
        }, null);
    }

    /// <summary><c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>; null when it is none of these.</summary>
    internal static TimeSpan? ParseDuration(string text)
    {
        var t = text.Trim();
        var (number, unit) = t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 1.0)
            : t.EndsWith('s') ? (t[..^1], 1000.0)
            : t.EndsWith('m') ? (t[..^1], 60_000.0)
            : t.EndsWith('h') ? (t[..^1], 3_600_000.0)
            : (t, 0.0);
        return unit > 0 && double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n > 0 && n * unit < TimeSpan.MaxValue.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(n * unit)
            : null;
    }
}
