using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Kane.Actors;
using Kane.Organize.Catalog;

namespace Kane.Organize.Run;

/// <summary>
/// Drives one organize run through a cluster as two jobs: the scan (which grows by follow-up tasks as it meets large
/// trees), then the organize job built from the scanned catalog (hash → duplicate check per size range, categorise →
/// metadata per id range, one plan, then moves). Resumable: the catalog remembers the run (a key of its options), its
/// generation, each phase's job and whether it ended; rerunning the same command picks up where it stopped, and every
/// handler skips work the catalog already records. See docs/decisions/0016-organize-pipeline.md.
/// </summary>
public sealed class OrganizeRun(OrganizeOptions options, IJobGateway jobs)
{
    private const string KeyMeta = "run.key";
    private const string GenerationMeta = "run.generation";
    private const string FinishedMeta = "run.finished";
    private const string NonceMeta = "run.nonce";
    private readonly List<(string, string)> _taskErrors = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly NodeActivityTracker _nodes = new();
    private readonly Dictionary<string, IReadOnlyList<NodeActivity>> _phaseNodes = new(StringComparer.Ordinal);
    private IReadOnlyList<AgentInfo> _agents = [];
    private IReadOnlyList<NodeActivity> _lastNodes = [];
    private bool _taskRows = true;

    /// <summary>
    /// Each node's share of the phases this invocation watched to their end (<c>scan</c>, <c>organize</c>), from the
    /// jobs' final task rows; empty without a progress receiver (nothing polled them).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<NodeActivity>> PhaseNodes => _phaseNodes;

    /// <summary>Runs (or resumes) the run; returns its summary.</summary>
    /// <exception cref="OrganizeUsageException">An unfinished run with other options holds the target's catalog.</exception>
    /// <exception cref="OperationCanceledException">Cancelled: the current job was cancelled; the same command resumes.</exception>
    public async Task<OrganizeSummary> RunAsync(IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!options.DryRun) Directory.CreateDirectory(options.Target);
        using var catalog = OrganizeCatalog.Open(options.CatalogPath);
        var key = options.RunKey();
        var previous = catalog.GetMeta(KeyMeta);
        var finished = catalog.GetMeta(FinishedMeta) is not null;
        if (previous is not null && previous != key && !finished)
            throw new OrganizeUsageException($"an unfinished organize run with other sources or options holds {options.CatalogPath}: rerun that command to finish it, or delete the file to forget it (moves already made stay, and their journals in {options.MovesDirectory} still undo them)");
        if (previous is null || finished)
        {
            var generation = previous == key ? int.Parse(catalog.GetMeta(GenerationMeta) ?? "0", CultureInfo.InvariantCulture) + 1 : 1;
            catalog.Reset();
            catalog.SetMeta(KeyMeta, key);
            catalog.SetMeta(GenerationMeta, generation.ToString(CultureInfo.InvariantCulture));
            catalog.SetMeta(NonceMeta, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        }
        // The nonce keeps a run's job ids its own: a cluster (or a --journal) outlives DST/.kane, and after the catalog
        // was deleted the same command would otherwise meet its earlier jobs under the same ids (a finished scan
        // "accepted again" with nothing scanned, then its organize job refused as taken).
        var nonce = catalog.GetMeta(NonceMeta);
        var runId = nonce is null ? $"org-{key}-g{catalog.GetMeta(GenerationMeta)}" : $"org-{key}-{nonce}-g{catalog.GetMeta(GenerationMeta)}";
        JobBuilder.WriteSettings(catalog, options, runId);
        await PhaseAsync(catalog, runId, "scan", id => JobBuilder.Scan(id, options), progress, cancellationToken).ConfigureAwait(false);
        await PhaseAsync(catalog, runId, "organize", id => JobBuilder.Organize(id, options, catalog), progress, cancellationToken).ConfigureAwait(false);
        catalog.SetMeta(FinishedMeta, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return OrganizeSummary.From(catalog, _taskErrors, catalog.GetMeta("job.organize") ?? runId, options.DryRun);
    }

    private async Task PhaseAsync(OrganizeCatalog catalog, string runId, string phase, Func<string, JobSpec> build, IProgress<RunProgress>? progress, CancellationToken ct)
    {
        if (catalog.GetMeta($"phase.{phase}") is not null) return;
        ct.ThrowIfCancellationRequested();
        var jobId = catalog.GetMeta($"job.{phase}");
        var view = jobId is null ? null : await jobs.GetAsync(jobId, false, ct).ConfigureAwait(false);
        if (view is { IsFinished: false } && !options.AdoptRunningJobs)
        {
            // Left running by a process that died: its agents are gone with it. Stop it and start a fresh attempt;
            // the handlers skip whatever the catalog shows done.
            await jobs.CancelAsync(view.JobId, "replaced by a resumed run", ct).ConfigureAwait(false);
            view = view with { Status = JobStatus.Cancelled };
        }
        if (view is null or { Status: JobStatus.Cancelled })
        {
            var attempt = int.Parse(catalog.GetMeta($"attempt.{phase}") ?? "0", CultureInfo.InvariantCulture) + 1;
            catalog.SetMeta($"attempt.{phase}", attempt.ToString(CultureInfo.InvariantCulture));
            jobId = $"{runId}-{phase}-a{attempt}";
            var spec = build(jobId);
            catalog.SetMeta($"job.{phase}", jobId);
            await jobs.SubmitAsync(spec, ct).ConfigureAwait(false);
        }
        view = await WatchAsync(catalog, jobId!, phase, progress, ct).ConfigureAwait(false);
        if (view.Status == JobStatus.Cancelled)
            throw new OperationCanceledException($"job {jobId} of this run was cancelled; run the same command again to resume");
        foreach (var error in view.Errors)
            _taskErrors.Add(($"task {error.TaskId} ({error.Type})", error.Error?.ToString() ?? "failed"));
        catalog.SetMeta($"phase.{phase}", view.Status.ToString());
    }

    /// <summary>
    /// The job, with its task rows while the cluster delivers them: a job of many hundred tasks read through another
    /// node may not fit one remoting frame, and progress detail is no reason to fail a run, so after one failure the
    /// run polls the job alone (per-node rows then show the agents only).
    /// </summary>
    private async Task<JobView?> ViewAsync(string jobId, bool withTasks, CancellationToken ct)
    {
        if (withTasks && _taskRows)
        {
            try
            {
                return await jobs.GetAsync(jobId, true, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                _taskRows = false;
            }
        }
        return await jobs.GetAsync(jobId, false, ct).ConfigureAwait(false);
    }

    /// <summary>The agent list for the display; a node that does not answer in time keeps the previous one (progress
    /// is no reason to fail a run).</summary>
    private async Task<IReadOnlyList<AgentInfo>> AgentsAsync(CancellationToken ct)
    {
        try
        {
            return await jobs.ListAgentsAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            return _agents;
        }
    }

    private async Task<JobView> WatchAsync(OrganizeCatalog catalog, string jobId, string phase, IProgress<RunProgress>? progress, CancellationToken ct)
    {
        while (true)
        {
            JobView? view;
            try
            {
                await Task.Delay(options.PollInterval, ct).ConfigureAwait(false);
                view = await ViewAsync(jobId, progress is not null, ct).ConfigureAwait(false);
                if (progress is not null) _agents = await AgentsAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await jobs.CancelAsync(jobId, "cancelled by the user (Ctrl-C)", CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            if (progress is not null)
            {
                _lastNodes = _nodes.Update(view, _agents, _clock.ElapsedMilliseconds);
                progress.Report(new RunProgress(phase, view, catalog.Count(), catalog.RangeFiles("hashed"), catalog.Count("WHERE done = 1"), _clock.ElapsedMilliseconds, _lastNodes));
            }
            if (view is { IsFinished: true })
            {
                if (progress is not null) _phaseNodes[phase] = _lastNodes;
                return view;
            }
            if (view is null)
                throw new InvalidOperationException($"the cluster lost job {jobId} of this run: its journal is not the one it was submitted to");
        }
    }
}
