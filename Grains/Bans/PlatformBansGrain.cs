using Microsoft.Extensions.Logging;
using OrleansIm.Grains.Interfaces.Bans;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Security;
using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Grains.Bans;

/// <summary>
/// The durable ban list. It updates the copy of the silo it runs on at once, so a ban holds there
/// immediately; the other silos pick it up at their next refresh (<see cref="BanOptions.RefreshInterval"/>).
/// </summary>
public sealed class PlatformBansGrain(
    [PersistentState("bans", "im")] IPersistentState<PlatformBansState> state,
    BanList local,
    TimeProvider clock,
    ILogger<PlatformBansGrain> logger) : Grain, IPlatformBansGrain
{
    private const int MaxReasonLength = 500;

    public async Task<BanRecord> Ban(string userId, long untilMs, string reason)
    {
        UserId.Require(userId, "user_id");
        var now = NowMs();
        if (untilMs < 0 || (untilMs != 0 && untilMs <= now))
        {
            throw ImException.InvalidArgument("until must be in the future (Unix ms), or 0 for a ban without end.");
        }
        if ((reason?.Length ?? 0) > MaxReasonLength)
        {
            throw ImException.InvalidArgument($"reason must be at most {MaxReasonLength} characters.");
        }
        var ban = new BanRecord(userId, untilMs, reason ?? "", CallerContext.UserId ?? "", now);
        state.State.Bans[userId] = ban;
        await SaveAsync();
        try
        {
            // Streams opened before the ban end now; the next connect is refused at the boundary.
            await GrainFactory.GetGrain<IUserGrain>(userId).CloseStreams(ban.Describe());
        }
        catch (Exception ex)
        {
            // The ban stands either way: sends are refused, and the streams end at their next reconnect.
            logger.LogWarning(ex, "Closing the live streams of banned user {User} failed", userId);
        }
        return ban;
    }

    public async Task<bool> Unban(string userId)
    {
        if (!state.State.Bans.Remove(userId))
        {
            return false;
        }
        await SaveAsync();
        return true;
    }

    public Task<BanRecord[]> List()
    {
        var now = NowMs();
        return Task.FromResult(state.State.Bans.Values.Where(b => b.IsActive(now)).OrderBy(b => b.UserId, StringComparer.Ordinal).ToArray());
    }

    private async Task SaveAsync()
    {
        var now = NowMs();
        foreach (var expired in state.State.Bans.Values.Where(b => !b.IsActive(now)).ToList())
        {
            state.State.Bans.Remove(expired.UserId);
        }
        await state.WriteStateAsync();
        local.Replace(state.State.Bans.Values);
    }

    private long NowMs() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
