namespace Kane.Actors;

/// <summary>The task types of the file-organising pipeline. Users register more with their own <see cref="ITaskHandler"/>.</summary>
public static class TaskTypes
{
    public const string FileScan = "file-scan";
    public const string FileHash = "file-hash";
    public const string FileDuplicateCheck = "file-duplicate-check";
    public const string MetadataExtract = "metadata-extract";
    public const string FileCategorize = "file-categorize";
    public const string FileOrganize = "file-organize";
    public const string FileMove = "file-move";

    /// <summary>The seven built-in types.</summary>
    public static readonly IReadOnlyList<string> BuiltIn = [FileScan, FileHash, FileDuplicateCheck, MetadataExtract, FileCategorize, FileOrganize, FileMove];

    /// <summary>
    /// A task type is lowercase ASCII letters, digits, '-' and '.', 1–64 characters, starting with a letter.
    /// </summary>
    public static bool IsValid(string? type) =>
        !string.IsNullOrEmpty(type) && type.Length <= 64 && type[0] is >= 'a' and <= 'z'
        && type.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.');
}
