namespace OrleansIm.Gateway.Connections;

/// <summary>Why <see cref="ConnectionRegistry.TryAdd"/> refused a stream.</summary>
internal enum ConnectionAdmission
{
    Admitted,
    GatewayFull,
    UserFull,
}
