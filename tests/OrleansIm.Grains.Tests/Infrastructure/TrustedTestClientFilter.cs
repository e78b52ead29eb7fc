using OrleansIm.Grains.Interfaces.Security;

namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>Gives the test client's calls that name no caller the service role (see <see cref="TestCaller"/>).</summary>
public sealed class TrustedTestClientFilter : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (CallerContext.UserId is null && !TestCaller.IsAnonymous)
        {
            CallerContext.Set(TestCaller.ServiceUserId, CallerRoles.Service);
        }
        return context.Invoke();
    }
}
