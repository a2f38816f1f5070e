namespace Kane.Configuration;

/// <summary>The JSON type of a resolved <see cref="HoconValue"/>.</summary>
public enum HoconValueKind
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}
