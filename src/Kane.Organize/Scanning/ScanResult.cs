namespace Kane.Organize.Scanning;

/// <summary>What one <see cref="DirectoryWalker.Walk"/> found.</summary>
/// <param name="Leftover">Folders not walked because the entry budget ran out: the caller scans them later (a follow-up task).</param>
public sealed record ScanResult(IReadOnlyList<ScannedFile> Files, IReadOnlyList<ScanIssue> Issues, IReadOnlyList<string> Leftover, int Directories);
