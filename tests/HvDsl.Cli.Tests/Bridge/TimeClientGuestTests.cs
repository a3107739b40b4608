using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using HvDsl.Machines.Pc;
using HvDsl.Machines.Pc.Demos;
using HvDsl.Runtime;
using HvDsl.Runtime.Exits;

namespace HvDsl.Cli.Tests.Bridge;

public class TimeClientGuestTests
{
    [Fact]
    public async Task Guest_prints_on_com1_the_host_time_it_fetched_through_the_socket_bridge()
    {
        using var machine = new PcMachine(Stream.Null);
        await using var services = machine.StartServices();

        var (exit, com1) = await RunAsync(machine);

        Assert.NotEqual(ExitReason.InstructionLimit, exit.Reason);
        AssertNow(com1);
    }

    [Fact]
    public async Task Hvdsl_run_demo_timeclient_prints_the_host_time_and_exits_0()
    {
        var (exit, output, _) = await Task.Run(() => Cli.Run("run", "--demo", "timeclient"));

        Assert.Equal(0, exit);
        AssertNow(output);
    }

    [Fact]
    public async Task Guest_prints_nothing_when_the_machine_runs_no_services()
    {
        using var machine = new PcMachine(Stream.Null);

        var (exit, com1) = await RunAsync(machine);

        Assert.NotEqual(ExitReason.InstructionLimit, exit.Reason);
        Assert.Equal("", com1);
    }

    private static void AssertNow(string line)
    {
        Assert.EndsWith("\r\n", line);
        var time = DateTimeOffset.ParseExact(line.TrimEnd(), "ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(time, DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    private static async Task<(VmExit Exit, string Com1)> RunAsync(PcMachine machine)
    {
        var guest = DemoGuests.Find("timeclient")!;
        var com1 = new MemoryStream();
        machine.Com1.Console = com1;
        machine.Vm.Memory.Load(guest.LoadAddress, guest.Build());
        GuestBoot.Start(machine.Vm, guest.Mode, guest.Entry);
        // Generous: the guest polls the non-blocking bridge, spending instructions until the service answers, however busy the host.
        var exit = await Task.Run(() => machine.Vm.Run(200_000_000));
        return (exit, Encoding.ASCII.GetString(com1.ToArray()));
    }
}
