namespace Kane.Configuration.Internal;

/// <summary>
/// One definition of a field while resolving: either a parsed node still to be resolved, or an
/// already resolved value (a child of an object that a substitution produced).
/// </summary>
internal readonly record struct Layer(AstNode? Node, HoconValue? Value)
{
    public static Layer Of(AstNode node) => new(node, null);

    public static Layer Of(HoconValue value) => new(null, value);
}
