using System.Security.Cryptography;
using System.Text;
using Kane.Organize.Layout;
using Kane.Organize.Planning;

namespace Kane.Organize.Run;

/// <summary>
/// One <c>kane organize</c> run: where files come from and go, how they are laid out and what happens to duplicates.
/// Paths are full. <see cref="StateDirectory"/> holds the catalog and the move journals (<c>DST/.kane</c>, or a
/// temporary folder for a dry run, which must leave SRC and DST untouched).
/// </summary>
public sealed record OrganizeOptions(IReadOnlyList<string> Sources, string Target)
{
    public string Layout { get; init; } = LayoutTemplate.DefaultText;

    public DuplicatePolicy Duplicates { get; init; } = DuplicatePolicy.Move;

    public bool Paranoid { get; init; }

    public bool DryRun { get; init; }

    /// <summary>Files per categorise, metadata and move task; hash and duplicate-check tasks take <see cref="JobBuilder.HashBatchFactor"/> times as many.</summary>
    /// <value>5,000: dispatching a task costs about as much as hashing a few thousand small files.</value>
    public int FilesPerTask { get; init; } = 5000;

    /// <summary>
    /// Largest organize job spec, as <see cref="JobBuilder.EstimatedBytes"/> counts it: a larger one gets fewer, larger
    /// tasks. <c>kane organize --cluster</c> sends the spec as one management request (<c>kane.cmd.max-request-bytes</c>).
    /// </summary>
    /// <value>Unbounded (the embedded node takes the spec in process).</value>
    public long MaxSpecBytes { get; init; } = long.MaxValue;

    /// <summary>Entries a scan task walks before it splits the rest into follow-up tasks.</summary>
    /// <value>100,000.</value>
    public int ScanBudget { get; init; } = 100_000;

    /// <summary>A job of this run found running (its process died) is watched rather than replaced: true when the
    /// cluster outlives this client (<c>--cluster</c>), false for the embedded node, whose old agents are gone.</summary>
    public bool AdoptRunningJobs { get; init; }

    /// <summary>How often the driver polls the job and the catalog for progress.</summary>
    /// <value>250 ms.</value>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public string StateDirectory { get; init; } = "";

    /// <summary>The default state folder: <c>DST/.kane</c>.</summary>
    public static string DefaultStateDirectory(string target) => Path.Combine(target, ".kane");

    public string CatalogPath => Path.Combine(StateDirectory, Catalog.OrganizeCatalog.FileName);

    public string MovesDirectory => Path.Combine(StateDirectory, "moves");

    /// <summary>Names the run: the same sources, target and choices give the same key, so a rerun resumes it.</summary>
    public string RunKey()
    {
        var text = string.Join("\n", Sources.Order(StringComparer.Ordinal)) + "\n>" + Target + "\n" + Layout + "\n" + Duplicates.Name() + "\n" + Paranoid + "\n" + DryRun;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }
}
