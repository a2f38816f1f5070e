namespace Kane.Configuration.Internal;

/// <summary>
/// The left side of <c>a += v</c> in an object inside an array: the value <c>a</c> had before this
/// definition, in the same object, or nothing. Elsewhere <c>+=</c> becomes <c>${?a}</c>, but an
/// object inside an array has no path a substitution could name, so this looks back directly.
/// </summary>
internal sealed class AstPreviousValue(ConfigOrigin origin) : AstNode(origin);
