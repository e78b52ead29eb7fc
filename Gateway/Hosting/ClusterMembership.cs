using Microsoft.Extensions.Configuration;

namespace OrleansIm.Gateway.Hosting;

/// <summary>
/// How a silo or a standalone gateway finds the cluster. Read from the same keys on both, so one
/// block of settings describes the whole deployment: <c>OrleansIm:Storage:Provider</c> (Sqlite or
/// Postgres) picks the membership backend, <c>OrleansIm:Storage:Postgres:ConnectionString</c> is
/// the membership table's database, and <c>OrleansIm:Cluster</c> holds the ids.
/// </summary>
public sealed class ClusterMembership
{
    public const string ClusterSection = "OrleansIm:Cluster";
    public const string ProviderKey = "OrleansIm:Storage:Provider";
    public const string PostgresConnectionStringKey = "OrleansIm:Storage:Postgres:ConnectionString";

    /// <summary>The ADO.NET invariant name Orleans uses to load Npgsql.</summary>
    public const string PostgresInvariant = "Npgsql";

    public MembershipBackend Backend { get; init; }

    public string? ConnectionString { get; init; }

    public string ClusterId { get; init; } = "orleansim";

    public string ServiceId { get; init; } = "orleansim";

    public static ClusterMembership Read(IConfiguration configuration)
    {
        var provider = configuration[ProviderKey];
        var backend = provider is null || provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) ? MembershipBackend.Localhost
            : provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) ? MembershipBackend.Postgres
            : throw new InvalidOperationException($"{ProviderKey} must be 'Sqlite' or 'Postgres'; got '{provider}'.");
        var cluster = configuration.GetSection(ClusterSection);
        var membership = new ClusterMembership
        {
            Backend = backend,
            ConnectionString = configuration[PostgresConnectionStringKey],
            ClusterId = cluster["ClusterId"] ?? "orleansim",
            ServiceId = cluster["ServiceId"] ?? "orleansim",
        };
        membership.Validate();
        return membership;
    }

    public void Validate()
    {
        var errors = new List<string>();
        if (Backend == MembershipBackend.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add($"{PostgresConnectionStringKey} is required when {ProviderKey} is Postgres.");
        }
        if (string.IsNullOrWhiteSpace(ClusterId)) errors.Add($"{ClusterSection}:ClusterId must not be empty.");
        if (string.IsNullOrWhiteSpace(ServiceId)) errors.Add($"{ClusterSection}:ServiceId must not be empty.");
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid cluster settings: " + string.Join(" ", errors));
        }
    }
}
