using System.IO;
using System.Linq;
using HvDsl.Cli.Serving;
using HvDsl.Language;
using HvDsl.Machines.Pc;
using HvDsl.Runtime.Services;

namespace HvDsl.Cli.Tests.Serve;

/// <summary>One service of <c>specs/</c> two ways: the class the generator made for the PC machine, and the one <c>hvdsl serve</c> builds.</summary>
internal static class SpecLibraryServices
{
    public static IService Generated(string name) => PcMachine.CreateServices().Single(s => s.Name == name);

    public static IService Served(string name)
    {
        var files = Directory.EnumerateFiles(Cli.SpecsFolder(), "*.hvspec", SearchOption.AllDirectories).Select(f => (f, File.ReadAllText(f)));
        return new SpecService(SpecCompiler.Compile(files).Model.Services.Single(s => s.Name == name));
    }
}
