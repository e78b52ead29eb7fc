using System.Collections.Frozen;
using System.Reflection;
using OrleansIm.Grains.Bans;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Security;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Storage.Resilience;

namespace OrleansIm.Grains.Security;

/// <summary>
/// The one place where the silo checks who a call is for (docs/security-authorization.md). A call
/// that enters the cluster from a client (a gateway, or any Orleans client) to a method marked
/// <see cref="ActsForAttribute"/> must carry an authenticated caller (<see cref="CallerContext"/>)
/// who is the user it acts for, or an admin or service; a <see cref="RequiresPrivilegeAttribute"/>
/// method needs an admin or service. A banned user is refused where the marker says so.
/// </summary>
/// <remarks>
/// Calls from one grain to another are trusted: grains are the platform's own code and already
/// checked the call that started them. This is what keeps deliveries working, which carry no
/// caller context into the recipients' grains (the fan-out drops the sender's), and timers.
/// </remarks>
internal sealed class GrainBoundaryFilter : IIncomingGrainCallFilter
{
    private readonly FrozenDictionary<MethodInfo, BoundaryRule> _rules;
    private readonly BanList _bans;

    public GrainBoundaryFilter(BanList bans)
    {
        _bans = bans;
        _rules = typeof(IUserGrain).Assembly.GetTypes()
            .Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t))
            .SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Rule: BoundaryRule.For(m)))
            .Where(r => r.Rule is not null)
            .ToFrozenDictionary(r => r.Method, r => r.Rule!);
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod is { } method && _rules.TryGetValue(method, out var rule))
        {
            Check(rule, context);
            return InvokeClientFacingAsync(context);
        }
        return context.Invoke();
    }

    /// <summary>
    /// A store refusal that a grain let through (a read position, a cursor, a sync write) reaches
    /// the client as UNAVAILABLE with a retry hint, not as an internal error.
    /// </summary>
    private static async Task InvokeClientFacingAsync(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (StoreUnavailableException refused)
        {
            throw new ImException(ImErrorCode.Unavailable, $"The message store is unavailable; retry in {Math.Ceiling(refused.RetryAfter.TotalSeconds)} s.");
        }
    }

    private void Check(BoundaryRule rule, IIncomingGrainCallContext context)
    {
        var fromGrain = context.SourceId is { } source && !GrainTypePrefix.IsClient(source);
        var acting = rule.HasActingUser ? rule.ActingUser(context) : null;
        if (!fromGrain)
        {
            var caller = CallerContext.UserId;
            if (string.IsNullOrEmpty(caller))
            {
                throw rule.Refusal("the call carries no authenticated caller.");
            }
            if (rule.RequiresPrivilege && !CallerContext.IsPrivileged)
            {
                throw rule.Refusal($"'{caller}' is neither an admin nor a service.");
            }
            if (acting is not null && acting != caller && !CallerContext.IsPrivileged)
            {
                throw rule.Refusal($"the authenticated caller '{caller}' may not act for '{acting}'.");
            }
        }
        if (rule.RefusedWhenBanned && acting is not null && _bans.ActiveBan(acting) is { } ban)
        {
            throw rule.Refusal(ban.Describe());
        }
    }
}
