DROP TABLE maintenance_reminders;
DROP TABLE maintenance_log;
DROP TABLE maintenance_tasks;
DROP TABLE owned_devices;
