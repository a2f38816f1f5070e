using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Kane.Actors;
using Kane.Cmd;
using Kane.Cmd.Protocol;
using Kane.Organize.Run;

namespace Kane.Cli.Management;

/// <summary>
/// The organize run's jobs through a node's management endpoint (<c>kane organize --cluster HOST:PORT</c>): submit
/// sends the spec as a job file, show reads the job back as JSON, cancel cancels it.
/// </summary>
internal sealed class RemoteJobGateway(KaneCmdClient client) : IJobGateway
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>
    /// Largest organize spec sent (<see cref="OrganizeOptions.MaxSpecBytes"/>): a submission is one management request,
    /// and a node refuses requests over <c>kane.cmd.max-request-bytes</c> (64 KiB by default). A large run with long
    /// paths, or <c>--duplicates link|delete</c> (each dedup task waits for every move task), gets fewer, larger tasks.
    /// </summary>
    public const long MaxSpecBytes = 56 * 1024;

    /// <summary>False once the node refused <c>--max-tasks</c> (a node from before it): task rows are then its first 100.</summary>
    private bool _maxTasks = true;

    public async Task SubmitAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        var arguments = new Dictionary<string, string> { ["spec"] = ToJobFile(spec).ToJsonString(), ["source"] = "kane organize" };
        await foreach (var frame in client.RunAsync("jobs", "submit", arguments, json: true, ct: cancellationToken).ConfigureAwait(false))
            if (frame.Type == CmdProtocol.FrameError)
                throw new InvalidOperationException($"the node refused job {spec.JobId}: {frame.Message}");
    }

    public async Task<JobView?> GetAsync(string jobId, bool includeTasks, CancellationToken cancellationToken)
    {
        var arguments = new Dictionary<string, string> { ["id"] = jobId };
        if (includeTasks)
        {
            arguments["tasks"] = "true";
            if (_maxTasks) arguments["max-tasks"] = KaneAgentsGateway.MaxTaskRows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await foreach (var frame in client.RunAsync("jobs", "show", arguments, json: true, ct: cancellationToken).ConfigureAwait(false))
        {
            switch (frame.Type)
            {
                case CmdProtocol.FrameJson when frame.Data is not null:
                    return frame.Data.Deserialize<JobView>(Json);
                case CmdProtocol.FrameError when includeTasks && _maxTasks && frame.Code == CmdProtocol.ErrorUsage && frame.Message?.Contains("max-tasks", StringComparison.Ordinal) == true:
                    _maxTasks = false;
                    return await GetAsync(jobId, includeTasks, cancellationToken).ConfigureAwait(false);
                case CmdProtocol.FrameError when frame.Message?.Contains("not found", StringComparison.OrdinalIgnoreCase) == true || frame.Message?.Contains("no job", StringComparison.OrdinalIgnoreCase) == true:
                    return null;
                case CmdProtocol.FrameError:
                    throw new InvalidOperationException($"the node could not show job {jobId}: {frame.Message}");
            }
        }
        return null;
    }

    public async Task<IReadOnlyList<AgentInfo>> ListAgentsAsync(CancellationToken cancellationToken)
    {
        await foreach (var frame in client.RunAsync("agents", "list", new Dictionary<string, string>(), json: true, ct: cancellationToken).ConfigureAwait(false))
        {
            switch (frame.Type)
            {
                case CmdProtocol.FrameJson when (frame.Data?["agents"]) is JsonArray agents:
                    return agents.Deserialize<List<AgentInfo>>(Json) ?? [];
                case CmdProtocol.FrameError:
                    throw new InvalidOperationException($"the node could not list its agents: {frame.Message}");
            }
        }
        return [];
    }

    public async Task CancelAsync(string jobId, string reason, CancellationToken cancellationToken)
    {
        await foreach (var frame in client.RunAsync("jobs", "cancel", new Dictionary<string, string> { ["id"] = jobId, ["reason"] = reason }, ct: cancellationToken).ConfigureAwait(false))
            if (frame.Type == CmdProtocol.FrameError)
                throw new InvalidOperationException($"the node could not cancel job {jobId}: {frame.Message}");
    }

    /// <summary>The spec as the job file format <c>kane jobs submit</c> reads.</summary>
    internal static JsonObject ToJobFile(JobSpec spec) => new()
    {
        ["id"] = spec.JobId,
        ["name"] = spec.Name,
        ["priority"] = spec.Priority.ToString().ToLowerInvariant(),
        ["roots"] = new JsonObject
        {
            ["sources"] = new JsonArray([.. spec.Roots.Sources.Select(s => (JsonNode)JsonValue.Create(s))]),
            ["target"] = spec.Roots.Target,
        },
        ["tasks"] = new JsonArray([.. spec.Tasks.Select(t => (JsonNode)new JsonObject
        {
            ["id"] = t.Id,
            ["type"] = t.Type,
            ["items"] = new JsonArray([.. t.Items.Select(i => (JsonNode)JsonValue.Create(i))]),
            ["dependsOn"] = new JsonArray([.. t.DependsOn.Select(d => (JsonNode)JsonValue.Create(d))]),
            ["metadata"] = new JsonObject([.. t.Metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))]),
        })]),
    };
}
