namespace GraphNetworker.GraphEmulator.Routing;

/// <summary>The table of contents of the emulated Graph surface: every endpoint family registers here.</summary>
internal static class GraphRoutes
{
    public static RouteTable Build()
    {
        var routes = new RouteTable();
        Directory.UserHandlers.Register(routes);
        Directory.GroupHandlers.Register(routes);
        Mail.MailFolderHandlers.Register(routes);
        Mail.MessageHandlers.Register(routes);
        Calendar.EventHandlers.Register(routes);
        Calendar.CalendarViewHandlers.Register(routes);
        Calendar.ScheduleHandlers.Register(routes);
        Calendar.MailboxSettingsHandlers.Register(routes);
        Todo.TodoListHandlers.Register(routes);
        Todo.TodoTaskHandlers.Register(routes);
        Todo.TaskItemHandlers.Register(routes);
        Teams.ChatHandlers.Register(routes);
        Teams.CallRecordHandlers.Register(routes);
        Batch.BatchHandler.Register(routes);
        return routes;
    }
}
