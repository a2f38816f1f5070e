using System.Text;
using System.Text.Json;
using Kane.Actors;
using Kane.Cli.Management;
using Kane.Organize.Catalog;
using Kane.Organize.Planning;
using Kane.Organize.Run;
using Kane.Organize.Scanning;

namespace Kane.Cli.Tests;

/// <summary>
/// <c>kane organize --cluster</c> sends the organize job's spec as one management request, which a node refuses over
/// <c>kane.cmd.max-request-bytes</c> (64 KiB by default). The spec of a run with 100 id ranges (the most a run gets:
/// 500,000 files or more at 5,000 per task; here 2,000 files at 20) must fit, whatever the target's path length and
/// duplicate policy, and its ranges must still cover every file once.
/// </summary>
public sealed class OrganizeClusterSizeSpec : IDisposable
{
    private const int RequestLimit = 64 * 1024;
    private readonly string _dir = Directory.CreateTempSubdirectory("kane-org-size-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (JobSpec Spec, OrganizeCatalog Catalog) Build(int targetLength, string policy, long maxSpecBytes)
    {
        var target = _dir + "/" + new string('t', Math.Max(1, targetLength - _dir.Length - 1));
        DuplicatePolicies.TryParse(policy, out var duplicates);
        var options = OrganizeValidation.Check(new OrganizeOptions([_dir], target) { FilesPerTask = 20, Duplicates = duplicates, MaxSpecBytes = maxSpecBytes }, confirmed: true);
        var catalog = OrganizeCatalog.Open(Path.Combine(_dir, "catalog.db"));
        if (catalog.Count() == 0)
            catalog.AddScan([.. Enumerable.Range(0, 2000).Select(i => new ScannedFile($"{_dir}/f{i:D4}", 1 + i / 2, 0, 1, (ulong)i, 1))], []);
        return (JobBuilder.Organize("org-0123abcd4567-89abcdef-g1-organize-a1", options, catalog), catalog);
    }

    /// <summary>The request's size: the job file's JSON as a string argument inside the request's JSON (default encoders, as the client's).</summary>
    private static int RequestBytes(JobSpec spec) =>
        Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(RemoteJobGateway.ToJobFile(spec).ToJsonString())) + 200;

    [Fact]
    public void The_estimate_bounds_names_that_the_request_escapes()
    {
        var spec = new JobSpec("org-1", "organize", TaskPriority.Normal,
            [new KaneTask("move-00000", "file-move", TaskPriority.Normal, ["1-20"]) { Metadata = new Dictionary<string, string> { ["catalog"] = "/tmp/日本 'q' \\ \"x\" +é/.kane/catalog.db" } }])
        { Roots = new JobRoots(["/tmp/src ü"], "/tmp/日本 'q'") };
        Assert.True(JobBuilder.EstimatedBytes(spec) >= RequestBytes(spec) - 200, $"{JobBuilder.EstimatedBytes(spec)} < {RequestBytes(spec) - 200}");
    }

    [Theory]
    [InlineData(30, "move")]
    [InlineData(30, "link")]
    [InlineData(200, "move")]
    [InlineData(200, "delete")]
    [InlineData(1000, "move")]
    [InlineData(4000, "link")]
    public void A_cluster_runs_organize_spec_fits_one_management_request_and_still_covers_every_file_once(int targetLength, string policy)
    {
        var (spec, catalog) = Build(targetLength, policy, RemoteJobGateway.MaxSpecBytes);
        using (catalog)
        {
            Assert.True(RequestBytes(spec) <= RequestLimit, $"{spec.Tasks.Count} tasks, {RequestBytes(spec)} bytes");
            Assert.True(JobBuilder.EstimatedBytes(spec) >= RequestBytes(spec) - 200, "the estimate is an upper bound");
            var ids = spec.Tasks.Where(t => t.Id.StartsWith("move-", StringComparison.Ordinal)).Select(t => t.Items.Single()).ToList();
            Assert.Equal(Enumerable.Range(1, 2000).Select(i => (long)i), ids.SelectMany(Ids).Order());
            var sizes = spec.Tasks.Where(t => t.Id.StartsWith("hash-", StringComparison.Ordinal)).SelectMany(t => Ids(t.Items.Single())).ToList();
            Assert.Equal(sizes.Distinct().Count(), sizes.Count);
            Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), sizes.Order());
        }
    }

    [Fact]
    public void The_embedded_node_keeps_its_hundred_ranges()
    {
        var (spec, catalog) = Build(200, "link", long.MaxValue);
        using (catalog)
        {
            Assert.Equal(100, spec.Tasks.Count(t => t.Id.StartsWith("move-", StringComparison.Ordinal)));
            Assert.True(RequestBytes(spec) > RequestLimit); // what the bound above is for
        }
    }

    /// <summary>The numbers a "LOW-HIGH" range item covers (sizes or ids).</summary>
    private static IEnumerable<long> Ids(string item)
    {
        var dash = item.IndexOf('-', StringComparison.Ordinal);
        var (low, high) = (long.Parse(item[..dash], System.Globalization.CultureInfo.InvariantCulture), long.Parse(item[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        for (var i = low; i <= high; i++) yield return i;
    }
}
