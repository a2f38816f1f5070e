using Kane.Hosting;
using Kane.Persistence.Serialization;

namespace Kane.Persistence.Sql;

/// <summary><c>AddKane(..., k => k.WithSqlPersistence("sqlite:/var/lib/kane/journal.db"))</c>.</summary>
public static class SqlPersistenceHostingExtensions
{
    /// <summary>
    /// Installs SQL stores when the system starts. Call it before the <c>WithActors</c> that start persistent actors:
    /// starters run in the order they were added.
    /// </summary>
    public static KaneConfigurationBuilder WithSqlPersistence(this KaneConfigurationBuilder builder, string? connectionString = null, Action<EventSerializerRegistry>? register = null) =>
        builder.WithActors((system, _) =>
        {
            var registry = new EventSerializerRegistry();
            register?.Invoke(registry);
            SqlPersistence.Install(system, connectionString, registry);
        });
}
