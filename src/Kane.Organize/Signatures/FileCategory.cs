namespace Kane.Organize.Signatures;

/// <summary>The top-level folders files are sorted into; <see cref="FileCategories.FolderName"/> gives the name.</summary>
public enum FileCategory
{
    Images,
    Videos,
    Audio,
    Documents,
    Archives,
    Code,
    Other,
}

public static class FileCategories
{
    /// <summary>The lower-case folder name of a category: <c>images</c>, <c>videos</c>, <c>audio</c>, ...</summary>
    public static string FolderName(this FileCategory category) => category switch
    {
        FileCategory.Images => "images",
        FileCategory.Videos => "videos",
        FileCategory.Audio => "audio",
        FileCategory.Documents => "documents",
        FileCategory.Archives => "archives",
        FileCategory.Code => "code",
        FileCategory.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "not a file category"),
    };
}
