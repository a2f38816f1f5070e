using Kane.Actors;

namespace Kane.Organize.Handlers;

/// <summary>The seven handlers of the file-organising pipeline.</summary>
public static class OrganizeHandlers
{
    /// <summary>Registers the seven organize handlers in <paramref name="registry"/>.</summary>
    public static TaskHandlerRegistry RegisterOrganize(this TaskHandlerRegistry registry) =>
        registry
            .Register(new FileScanHandler())
            .Register(new FileHashHandler())
            .Register(new FileDuplicateCheckHandler())
            .Register(new FileCategorizeHandler())
            .Register(new MetadataExtractHandler())
            .Register(new FileOrganizeHandler())
            .Register(new FileMoveHandler());
}
