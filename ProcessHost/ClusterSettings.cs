namespace OrleansIm.ProcessHost;

/// <summary>The settings that make silos and standalone gateways one cluster on PostgreSQL.</summary>
public static class ClusterSettings
{
    /// <param name="connectionString">The database holding the membership table, grain state and messages.</param>
    /// <param name="clusterId">Unique per cluster, so clusters sharing a database never meet.</param>
    public static Dictionary<string, string> Postgres(string connectionString, string clusterId) => new()
    {
        ["OrleansIm:Storage:Provider"] = "Postgres",
        ["OrleansIm:Storage:Postgres:ConnectionString"] = connectionString,
        ["OrleansIm:Cluster:ClusterId"] = clusterId,
        ["OrleansIm:Cluster:ServiceId"] = "orleansim",
    };

    /// <summary>A silo of such a cluster that serves no gRPC itself (standalone gateways do).</summary>
    public static Dictionary<string, string> SiloBehindGateways(string connectionString, string clusterId)
    {
        var settings = Postgres(connectionString, clusterId);
        settings["OrleansIm:Node:HostGateway"] = "false";
        return settings;
    }
}
