using System.Xml.Linq;
using OrleansIm.Deployment.Tests.Manifests;
using OrleansIm.Deployment.Tests.Rendering;
using OrleansIm.ProcessHost;

namespace OrleansIm.Deployment.Tests.Docker;

/// <summary>
/// What can be checked of the images without a container engine: their base, user, entrypoint and
/// ports, and that the restore layer copies every project the published one needs (a project
/// added later and forgotten there breaks the image build, not the normal one).
/// </summary>
public sealed class DockerfileTests
{
    public static TheoryData<string> Projects => ["Silo", "Gateway"];

    public static TheoryData<string, string> Images => new()
    {
        { "Silo", HostPod.SiloDeployment },
        { "Gateway", HostPod.GatewayDeployment },
    };

    [Theory]
    [MemberData(nameof(Projects))]
    public void The_image_runs_the_projects_assembly_as_a_non_root_user_on_the_aspnet_runtime(string project)
    {
        var dockerfile = Dockerfile.Read(project);

        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile.RuntimeBaseImage);
        Assert.NotNull(dockerfile.User);
        Assert.DoesNotContain(dockerfile.User, new[] { "root", "0", "0:0" });
        Assert.Equal(["dotnet", AssemblyName(project) + ".dll"], dockerfile.Entrypoint);
        Assert.Equal(["-c", "Release"], dockerfile.PublishArguments.SkipWhile(a => a != "-c").Take(2));
        Assert.Equal($"{project}/{project}.csproj", dockerfile.PublishArguments[0]);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void The_restore_layer_copies_every_project_the_published_one_references(string project)
    {
        var root = BuildOutput.RepositoryRoot();
        var closure = new SortedSet<string>(StringComparer.Ordinal);
        Collect(Path.Combine(root, project, $"{project}.csproj"), root, closure);

        Assert.Equal(closure, Dockerfile.Read(project).CopiedProjects.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task The_image_exposes_the_ports_its_deployment_declares_and_the_deployment_runs_the_image(string project, string deployment)
    {
        var dockerfile = Dockerfile.Read(project);
        var rendered = await RenderedOverlay.LoadAsync(Overlays.Dev);
        var workload = rendered.Deployment(deployment);

        Assert.Equal(workload.ContainerPorts.Order(), dockerfile.ExposedPorts.Order());
        Assert.Equal($"orleansim/{project.ToLowerInvariant()}:dev", workload.Containers.Single().Text("image"));
        Assert.DoesNotContain(workload.PodSpec.Objects("containers").Concat(workload.InitContainers), c => c.At("command") is not null);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void The_build_context_leaves_out_local_build_output_but_not_a_project_the_image_needs(string project)
    {
        var root = BuildOutput.RepositoryRoot();
        var ignored = File.ReadAllLines(Path.Combine(root, ".dockerignore"));
        var closure = new SortedSet<string>(StringComparer.Ordinal);
        Collect(Path.Combine(root, project, $"{project}.csproj"), root, closure);

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        foreach (var folder in closure.Select(p => p[..p.IndexOf('/')]))
        {
            Assert.DoesNotContain($"{folder}/", ignored);
        }
    }

    private static string AssemblyName(string project) =>
        XDocument.Load(Path.Combine(BuildOutput.RepositoryRoot(), project, $"{project}.csproj")).Descendants("AssemblyName").Single().Value;

    private static void Collect(string projectFile, string root, SortedSet<string> closure)
    {
        if (!closure.Add(Path.GetRelativePath(root, projectFile).Replace('\\', '/')))
        {
            return;
        }
        foreach (var reference in XDocument.Load(projectFile).Descendants("ProjectReference"))
        {
            var relative = reference.Attribute("Include")!.Value.Replace('\\', '/');
            Collect(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(projectFile)!, relative)), root, closure);
        }
    }
}
