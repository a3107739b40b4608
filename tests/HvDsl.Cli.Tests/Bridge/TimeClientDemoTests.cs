using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using HvDsl.Machines.Pc;
using HvDsl.Runtime.Exits;

namespace HvDsl.Cli.Tests.Bridge;

public class TimeClientDemoTests
{
    [Fact]
    public async Task Guest_prints_the_host_time_it_fetched_through_the_socket_bridge()
    {
        using var machine = new PcMachine(Stream.Null);
        await using var services = machine.StartServices();
        var spy = new TransmitSpy(machine.Vm.TrapHandler!);
        machine.Vm.TrapHandler = spy;
        TimeClientDemo.Load(machine);

        var exit = await Task.Run(() => machine.Vm.Run(1_000_000));

        Assert.NotEqual(ExitReason.InstructionLimit, exit.Reason);
        var line = Encoding.ASCII.GetString(spy.Sent.ToArray());
        Assert.EndsWith("\r\n", line);
        var time = DateTimeOffset.ParseExact(line.TrimEnd(), "ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(time, DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Guest_prints_nothing_when_the_machine_runs_no_services()
    {
        using var machine = new PcMachine(Stream.Null);
        var spy = new TransmitSpy(machine.Vm.TrapHandler!);
        machine.Vm.TrapHandler = spy;
        TimeClientDemo.Load(machine);

        var exit = await Task.Run(() => machine.Vm.Run(1_000_000));

        Assert.NotEqual(ExitReason.InstructionLimit, exit.Reason);
        Assert.Equal(0, spy.Sent.Length);
    }
}
