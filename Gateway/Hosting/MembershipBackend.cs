namespace OrleansIm.Gateway.Hosting;

/// <summary>Where silos and gateways find each other; follows the storage provider.</summary>
public enum MembershipBackend
{
    /// <summary>One silo on this machine (embedded SQLite): gateways connect to its Orleans gateway port.</summary>
    Localhost,

    /// <summary>Orleans ADO.NET clustering on PostgreSQL: any number of silos and gateways.</summary>
    Postgres,
}
