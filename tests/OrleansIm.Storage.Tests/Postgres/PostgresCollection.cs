namespace OrleansIm.Storage.Tests.Postgres;

/// <summary>
/// Every test class that needs PostgreSQL joins this collection, so one throwaway server serves
/// the whole run. xunit runs a collection's classes one after another; each class or test makes
/// its own database, so none sees another's rows.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
