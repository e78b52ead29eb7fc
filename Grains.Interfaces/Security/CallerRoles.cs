namespace OrleansIm.Grains.Interfaces.Security;

/// <summary>What an authenticated caller may do beyond acting for itself.</summary>
[Flags]
public enum CallerRoles
{
    None = 0,

    /// <summary>A person with the admin role claim: may act on other users' behalf (create their groups, post system messages, ban).</summary>
    Admin = 1,

    /// <summary>A backend service credential: the same rights as an admin, for machines.</summary>
    Service = 2,
}
