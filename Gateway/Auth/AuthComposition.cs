using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansIm.Gateway.Errors;
using OrleansIm.Gateway.Options;
using OrleansIm.Gateway.Services;

namespace OrleansIm.Gateway.Auth;

/// <summary>Bearer-token auth of the gateway, and the development login where (and only where) it may exist.</summary>
public static class AuthComposition
{
    public static IServiceCollection AddImAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var development = environment.IsDevelopment();
        services.AddOptions<JwtOptions>().Bind(configuration.GetSection(JwtOptions.SectionName))
            .Validate(o =>
            {
                o.Validate(development);
                // Unreadable keys fail start-up, not the first call.
                ConfiguredSigningKeys.Load(o);
                if (!string.IsNullOrWhiteSpace(o.JwksPath))
                {
                    JwksDocument.Read(o.JwksPath);
                }
                return true;
            }).ValidateOnStart();
        services.AddSingleton<TrustedKeys>();
        services.AddSingleton<BearerTokenValidator>();
        services.AddSingleton<BearerAuthInterceptor>();

        // Outside Development neither the login service nor the issuer it signs with is
        // registered, whatever the configuration says (DevLogin=true there fails validation).
        var settings = configuration.GetSection(JwtOptions.SectionName).Get<JwtOptions>() ?? new JwtOptions();
        if (settings.DevLoginEnabled(development))
        {
            services.AddSingleton<TokenIssuer>();
        }
        return services;
    }

    /// <summary>Maps AuthService.DevLogin when the development login is on; elsewhere AuthService answers Unimplemented.</summary>
    public static IEndpointRouteBuilder MapDevLogin(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<TokenIssuer>() is not null)
        {
            endpoints.MapGrpcService<AuthGrpcService>().WithMalformedRequestStatus();
        }
        return endpoints;
    }
}
