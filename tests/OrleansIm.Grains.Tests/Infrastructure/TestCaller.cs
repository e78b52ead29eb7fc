using OrleansIm.Grains.Interfaces.Security;

namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>
/// Who the test cluster's client calls as. Tests that are not about authorization call as a
/// trusted service (<see cref="TrustedTestClientFilter"/>), as a backend would; tests about it set
/// a caller with <see cref="As"/> or switch the default off with <see cref="Anonymous"/>.
/// </summary>
public static class TestCaller
{
    public const string ServiceUserId = "test-suite";

    private static readonly AsyncLocal<bool> NoDefault = new();

    /// <summary>Whether the calls of this async flow go out with no caller at all, like a forged client's.</summary>
    public static bool IsAnonymous => NoDefault.Value;

    /// <summary>The calls that follow in this async flow are made for <paramref name="userId"/>, as a gateway would make them.</summary>
    public static void As(string userId, CallerRoles roles = CallerRoles.None) => CallerContext.Set(userId, roles);

    /// <summary>The calls that follow in this async flow carry no caller.</summary>
    public static void Anonymous()
    {
        CallerContext.Clear();
        NoDefault.Value = true;
    }
}
