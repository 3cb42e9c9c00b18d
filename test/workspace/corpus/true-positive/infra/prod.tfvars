region      = "us-east-1"
db_password = "Cd0FYpeOU#G3WMUVh0xN"
