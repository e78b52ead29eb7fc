using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Gateway.GrainAccess;

namespace OrleansIm.Gateway.Rooms;

/// <summary>The gateway's live-room services: one observer and one subscription registry per process.</summary>
internal static class RoomComposition
{
    public static IServiceCollection AddLiveRooms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveRoomOptions>().Bind(configuration.GetSection(LiveRoomOptions.SectionName))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddSingleton<LocalRoomDirectory>();
        services.AddSingleton<RoomGatewayObserver>();
        services.AddSingleton<ObserverReference<IRoomGatewayObserver, RoomGatewayObserver>>();
        services.AddSingleton<RoomSubscriptions>();
        services.AddSingleton<RoomRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<RoomRefresher>());
        services.AddHostedService<RoomViewerAnnouncer>();
        return services;
    }
}
