DROP TABLE swap_confirmations;
DROP TABLE swap_reports;
DROP TABLE part_fits;
DROP TABLE parts;
