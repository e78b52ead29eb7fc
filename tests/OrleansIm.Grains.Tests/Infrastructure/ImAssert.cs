using OrleansIm.Grains.Interfaces.Errors;

namespace OrleansIm.Grains.Tests.Infrastructure;

public static class ImAssert
{
    /// <summary>Asserts that the call is refused with <paramref name="code"/>.</summary>
    public static async Task<ImException> Refused(ImErrorCode code, Func<Task> call)
    {
        var refusal = await Assert.ThrowsAsync<ImException>(call);
        Assert.True(refusal.Code == code, $"Expected {code} but got {refusal.Code}: {refusal.Message}");
        return refusal;
    }
}
