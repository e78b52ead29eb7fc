namespace OrleansIm.Client.Tests;

public sealed class ImClientOptionsTests
{
    private static ImClientOptions Valid() => new()
    {
        Endpoints = [new Uri("http://127.0.0.1:5000")],
        TokenProvider = ImClientOptions.FixedToken("token"),
        DeviceId = "laptop-1",
    };

    [Fact]
    public void Valid_options_have_no_errors()
    {
        Assert.Empty(Valid().GetValidationErrors());
        Valid().Validate();
    }

    [Fact]
    public void Every_broken_rule_is_reported_at_once_naming_its_property()
    {
        var options = new ImClientOptions
        {
            DeviceId = "has space",
            ReconnectInitialDelay = TimeSpan.FromSeconds(10),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            ReconnectJitter = 2,
            MaxPendingSends = 0,
            RequestTimeout = TimeSpan.Zero,
        };

        var errors = options.GetValidationErrors();

        Assert.Contains(errors, e => e.StartsWith("Endpoints", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("TokenProvider", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("DeviceId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ReconnectMaxDelay", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ReconnectJitter", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MaxPendingSends", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("RequestTimeout", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:5000")]
    [InlineData("relative/path")]
    public void Endpoints_must_be_absolute_http_addresses(string endpoint)
    {
        var options = Valid();
        options.Endpoints = [new Uri(endpoint, UriKind.RelativeOrAbsolute)];

        Assert.Single(options.GetValidationErrors(), e => e.Contains(endpoint, StringComparison.Ordinal));
    }

    [Fact]
    public void Infinite_send_timeout_is_allowed_but_negative_is_not()
    {
        var options = Valid();
        options.SendTimeout = Timeout.InfiniteTimeSpan;
        Assert.Empty(options.GetValidationErrors());

        options.SendTimeout = TimeSpan.FromSeconds(-5);
        Assert.Single(options.GetValidationErrors());
    }

    [Fact]
    public void The_client_refuses_invalid_options_with_one_clear_exception()
    {
        var options = Valid();
        options.DeviceId = "";

        var error = Assert.Throws<ArgumentException>(() => new ImClient(options));

        Assert.Contains("DeviceId", error.Message);
    }
}
