using OrleansIm.Gateway.Options;

namespace OrleansIm.Gateway.Tests.FlowControl;

public sealed class GatewayOptionsTests
{
    [Fact]
    public void The_heartbeat_bound_is_the_interval_times_the_missed_heartbeats()
    {
        var options = new GatewayOptions { HeartbeatInterval = TimeSpan.FromSeconds(20), MissedHeartbeatsBeforeClose = 4 };

        Assert.Equal(TimeSpan.FromSeconds(80), options.HeartbeatTimeout);
    }

    [Fact]
    public void A_zero_slow_consumer_window_turns_the_cut_off()
    {
        var options = new GatewayOptions { SlowConsumerWindow = TimeSpan.Zero };
        options.Validate();

        Assert.Equal(Timeout.InfiniteTimeSpan, options.EffectiveSlowConsumerWindow);
        Assert.Equal(TimeSpan.FromSeconds(3), new GatewayOptions { SlowConsumerWindow = TimeSpan.FromSeconds(3) }.EffectiveSlowConsumerWindow);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new GatewayOptions();
        options.Validate();
        Assert.Equal(TimeSpan.FromSeconds(90), options.HeartbeatTimeout);
    }

    [Fact]
    public void Invalid_flow_control_settings_are_rejected_naming_each_one()
    {
        var options = new GatewayOptions
        {
            MissedHeartbeatsBeforeClose = 1,
            Http2KeepAlivePingDelay = TimeSpan.Zero,
            SlowConsumerWindow = TimeSpan.FromMilliseconds(50),
            MaxStreams = 0,
            MaxStreamsPerUser = 0,
            LargeGroupHintSpread = TimeSpan.FromSeconds(2),
            CursorAckForwardInterval = TimeSpan.FromMilliseconds(-1),
            OutboundQueueMaxBytes = 1024,
        };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        foreach (var name in new[] { "MissedHeartbeatsBeforeClose", "Http2KeepAlivePingDelay", "SlowConsumerWindow", "MaxStreams ", "MaxStreamsPerUser", "LargeGroupHintSpread", "CursorAckForwardInterval", "OutboundQueueMaxBytes" })
        {
            Assert.Contains(name, error.Message);
        }
    }
}
