using OrleansIm.Grains.Interfaces.Security;

namespace OrleansIm.Grains.Interfaces.Bans;

/// <summary>
/// The platform-wide ban list (one grain, key <see cref="Key"/>). Every silo keeps a copy that it
/// refreshes on a short interval, so checking a ban costs no grain call per message.
/// </summary>
[Alias("OrleansIm.IPlatformBansGrain")]
public interface IPlatformBansGrain : IGrainWithStringKey
{
    public const string Key = "platform";

    /// <summary>Bans (or re-bans, replacing the previous entry) a user until <paramref name="untilMs"/> (Unix ms; 0: no end).</summary>
    [RequiresPrivilege]
    [Alias("Ban")]
    Task<BanRecord> Ban(string userId, long untilMs, string reason);

    /// <summary>Lifts a ban; false when the user was not banned.</summary>
    [RequiresPrivilege]
    [Alias("Unban")]
    Task<bool> Unban(string userId);

    /// <summary>The bans in force (expired ones are dropped).</summary>
    [RequiresPrivilege]
    [Alias("List")]
    Task<BanRecord[]> List();
}
