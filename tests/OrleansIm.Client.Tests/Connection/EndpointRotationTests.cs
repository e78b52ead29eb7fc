using OrleansIm.Client.Connection;

namespace OrleansIm.Client.Tests.Connection;

public sealed class EndpointRotationTests
{
    [Fact]
    public void Starts_at_the_first_endpoint_and_wraps_around()
    {
        var a = new Uri("http://a:5000");
        var b = new Uri("http://b:5000");
        var rotation = new EndpointRotation([a, b]);

        Assert.Equal(a, rotation.Current);
        Assert.Equal(b, rotation.MoveNext());
        Assert.Equal(a, rotation.MoveNext());
        Assert.Equal(a, rotation.Current);
    }

    [Fact]
    public void An_empty_list_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new EndpointRotation([]));
    }
}
