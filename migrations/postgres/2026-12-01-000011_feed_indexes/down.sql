DROP INDEX threads_device_created;
DROP INDEX threads_solved;
DROP INDEX threads_created;
